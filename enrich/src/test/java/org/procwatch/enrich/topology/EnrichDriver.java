package org.procwatch.enrich.topology;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.SourceMetadata;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.registry.InMemorySchemaRegistry;
import org.procwatch.schemas.topic.TopicDescriptor;

/** The enrich topology in a TopologyTestDriver, with typed input and output topics and an in-memory registry. */
final class EnrichDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    static final Duration WATCHLIST_CHECK = Duration.ofSeconds(2);

    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final EnrichTopics topics = EnrichTopics.standard();
    final TopologyTestDriver driver;
    final TestInputTopic<String, IngestedRelease> releases;
    final TestInputTopic<byte[], byte[]> rawReleases;
    final TestInputTopic<String, WatchlistEntity> watchlist;
    final TestInputTopic<String, OwnershipStatement> ownership;
    final TestInputTopic<String, Review> reviews;
    final TestOutputTopic<String, CompiledContract> contracts;
    final TestOutputTopic<String, VendorLink> links;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<byte[], DeadLetter> deadLetters;

    EnrichDriver(Path stateDir) {
        this(stateDir, Screener.RESCREEN_STEP);
    }

    /** With stored contracts screened again in steps of {@code rescreenStep}; zero screens one contract a step. */
    EnrichDriver(Path stateDir, Duration rescreenStep) {
        EnrichSettings settings = new EnrichSettings("enrich-test", "localhost:9092", stateDir, WATCHLIST_CHECK, ExtensionSchemas.none(),
                Map.of());
        Properties props = EnrichTopology.streamsProperties(topics, registry, settings);
        driver = new TopologyTestDriver(EnrichTopology.build(topics, registry, settings, rescreenStep), props, START);
        releases = input(topics.releases());
        rawReleases = driver.createInputTopic(topics.releases().name(), new ByteArraySerializer(), new ByteArraySerializer());
        watchlist = input(topics.watchlist());
        ownership = input(topics.ownership());
        reviews = input(topics.reviews());
        contracts = output(topics.contracts());
        links = output(topics.vendorLinks());
        alerts = output(topics.alerts());
        deadLetters = output(topics.deadLetters());
    }

    /** Pipes the whole watchlist, as a deployment starts with it. */
    void watchlist(List<WatchlistEntity> entities) {
        entities.forEach(entity -> watchlist.pipeInput(entity.getId(), entity, START));
    }

    /** Pipes a review as the HTTP API writes it. */
    void review(Review review) {
        reviews.pipeInput(review.getOcid() + "|" + review.getEntityId() + "|" + review.getReviewId(), review, review.getReviewedAt());
    }

    void release(String json, Instant at) {
        IngestedRelease release = Releases.ingested(json);
        releases.pipeInput(release.getOcid(), release, at);
    }

    /** A release whose JSON is not parsed here, as it may be broken. */
    void unparsedRelease(String ocid, String json, Instant at) {
        releases.pipeInput(ocid, IngestedRelease.newBuilder(Releases.ingested("{\"ocid\": \"" + ocid + "\"}")).setReleaseJson(json).build(), at);
    }

    /** Lets wall-clock time pass, so the processors' punctuations run. */
    void waitForWatchlistCheck() {
        driver.advanceWallClockTime(WATCHLIST_CHECK.plusMillis(1));
    }

    /** Lets enough wall-clock time pass for one more step of screening stored contracts again, and no watchlist check. */
    void waitForRescreenStep() {
        driver.advanceWallClockTime(Duration.ofMillis(100));
    }

    private <K, V> TestInputTopic<K, V> input(TopicDescriptor<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde(registry).serializer(), topic.valueSerde(registry).serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(TopicDescriptor<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde(registry).deserializer(), topic.valueSerde(registry).deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }

    /** Releases as ingest produces them. */
    static final class Releases {

        private Releases() {
        }

        static IngestedRelease ingested(String json) {
            var tree = parse(json);
            return IngestedRelease.newBuilder()
                    .setOcid(tree.path("ocid").asText())
                    .setReleaseId(tree.path("id").asText(null))
                    .setReleaseDate(tree.path("date").asText(null))
                    .setReleaseJson(json)
                    .setContentHash(sha256(json))
                    .setSource(SourceMetadata.newBuilder().setSource("file").setUri("https://example.org/" + tree.path("id").asText())
                            .setFetchedAt(START).setDataVersion("1.1").build())
                    .build();
        }

        /** As ingest digests a release's JSON. */
        private static String sha256(String json) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }
}
