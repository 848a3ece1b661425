package org.procwatch.enrich.app;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.query.EnrichQueries;
import org.procwatch.enrich.query.QueryUnavailableException;
import org.procwatch.enrich.query.RemoteQueries;
import org.procwatch.enrich.topology.EnrichSettings;
import org.procwatch.enrich.topology.EnrichTopics;
import org.procwatch.enrich.topology.EnrichTopology;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.FoiAnswer;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.avro.SourceMetadata;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.watchlist.WatchlistFile;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;
import org.procwatch.stack.junit.TopicContents;

/**
 * Two enrich instances on the real broker and registry: the work shared, the watchlist whole in each,
 * every key and table answered by either, bad records dead-lettered, a restart on the same input adding nothing.
 */
@ExtendWith(LocalStackExtension.class)
class EnrichAppIT {

    private static final int PROCESSES = 12;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path stateDirs;

    @Test
    void shouldShareTheWorkWithEachInstanceHoldingTheWholeWatchlistAndGiveTheSameAlertsAfterARestart(LocalStack stack, TestScope scope)
            throws Exception {
        EnrichTopics topics = EnrichTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        String applicationId = scope.applicationId("enrich");
        List<WatchlistEntity> watchlist = WatchlistFile.bundled();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (WatchlistEntity entity : watchlist) {
                send(producer, topics.watchlist(), registry, entity.getId(), entity);
            }
            producer.send(new ProducerRecord<>(topics.watchlist().name(), bytes("unreadable"), new byte[] {7}));
            sendReleases(producer, topics, registry);
            producer.send(new ProducerRecord<>(topics.releases().name(), bytes("ocds-b5fd17-unreadable"), new byte[] {1, 2, 3}));
            send(producer, topics.foiResponses(), registry, "foi-northshire", foiAnswer("foi-northshire", "Northshire Police",
                    BodyType.police_force));
            send(producer, topics.foiResponses(), registry, "foi-eastmoor", foiAnswer("foi-eastmoor", "Eastmoor Police", BodyType.police_force));
        }

        try (QueryServer serverOne = new QueryServer(); QueryServer serverTwo = new QueryServer();
             EnrichApp one = EnrichApp.start(topics, registry, settings(stack, applicationId, "one").servedAt(address(serverOne)));
             EnrichApp two = EnrichApp.start(topics, registry, settings(stack, applicationId, "two").servedAt(address(serverTwo)))) {
            EnrichQueries queriesOne = new EnrichQueries(one.streams(), serverOne.host(), new RemoteQueries());
            EnrichQueries queriesTwo = new EnrichQueries(two.streams(), serverTwo.host(), new RemoteQueries());
            serverOne.serve(queriesOne);
            serverTwo.serve(queriesTwo);
            await().atMost(PATIENCE).until(() -> one.isRunning() && two.isRunning() && alertKeys(stack, topics).size() == PROCESSES);

            for (EnrichQueries queries : List.of(queriesOne, queriesTwo)) {
                // Tables and caches settle a moment after the alerts are out.
                await().atMost(PATIENCE).ignoreException(QueryUnavailableException.class).untilAsserted(() -> {
                    for (int i = 0; i < PROCESSES; i++) {
                        assertThat(queries.contract("ocds-b5fd17-it-" + i, false)).as("every key, from either instance")
                                .hasValueSatisfying(contract -> assertThat(contract.path("vendorLinks")).isNotEmpty());
                    }
                    List<JsonNode> all = queries.alerts(null, 100, "hikvision", null, AlertStatus.active, false);
                    assertThat(all).hasSize(PROCESSES);
                    // Each instance is asked for its newest three only: the newest three of all are among them.
                    assertThat(queries.alerts(null, 3, "hikvision", null, AlertStatus.active, false))
                            .extracting(alert -> alert.path("alertId").asText())
                            .containsExactlyElementsOf(all.subList(0, 3).stream().map(alert -> alert.path("alertId").asText()).toList());
                    assertThat(queries.exposureByEntity(null, 100, false)).singleElement()
                            .satisfies(row -> assertThat(row.path("contracts").asLong()).isEqualTo(PROCESSES));
                    // Each instance asked for its first rows only; the first of all are among them.
                    assertThat(queries.exposureByEntity("police_force", 1, false)).singleElement()
                            .satisfies(row -> assertThat(row.path("contracts").asLong()).isEqualTo(PROCESSES));
                    assertThat(queries.exposureByBuyer(null, 1, false)).singleElement()
                            .satisfies(row -> assertThat(row.path("buyer").asText()).isEqualTo("Northshire Police"));
                    assertThat(queries.foi().requests(null, null, 1, false)).extracting(row -> row.path("requestId").asText())
                            .containsExactly("foi-eastmoor");
                    assertThat(queries.foi().requests(null, null, 10, false)).extracting(row -> row.path("requestId").asText())
                            .containsExactly("foi-eastmoor", "foi-northshire");
                    // A body's contracts are among every instance's alerts: each is asked for those about the body asked.
                    assertThat(queries.foi().bodies(null, null, false, false)).extracting(body -> body.path("bodyName").asText()
                            + " " + body.path("contracts").size() + " " + body.path("contradicts")).containsExactly(
                            "Northshire Police " + PROCESSES + " [\"hikvision\"]", "Eastmoor Police 0 []");
                    assertThat(queries.foi().bodies("police_force", "NORTHSHIRE POLICE", true, false)).singleElement()
                            .satisfies(body -> assertThat(body.path("contracts")).hasSize(PROCESSES));
                    assertThat(queries.foi().bodies("nhs_trust", null, false, false)).isEmpty();
                });
            }

            for (EnrichApp app : List.of(one, two)) {
                assertThat(app.streams().metadataForLocalThreads()).as("each instance has tasks of its own")
                        .anySatisfy(thread -> assertThat(thread.activeTasks()).isNotEmpty());
                ReadOnlyKeyValueStore<String, ValueAndTimestamp<WatchlistEntity>> store = app.streams().store(
                        StoreQueryParameters.fromNameAndType(EnrichTopology.WATCHLIST_STORE, QueryableStoreTypes.timestampedKeyValueStore()));
                try (var all = store.all()) {
                    Set<String> ids = new java.util.HashSet<>();
                    all.forEachRemaining(entry -> ids.add(entry.key));
                    assertThat(ids).as("the whole watchlist in each instance").hasSize(watchlist.size());
                }
            }
        }
        List<DeadLetter> deadLetters = deadLetters(stack, topics, registry);
        assertThat(deadLetters).allSatisfy(letter -> assertThat(letter.getReason()).startsWith("could not deserialize"));
        assertThat(deadLetters).filteredOn(letter -> letter.getTopic().equals(topics.releases().name())).hasSize(1);
        assertThat(deadLetters).filteredOn(letter -> letter.getTopic().equals(topics.watchlist().name()))
                .as("each instance reads the whole watchlist, so each reports its unreadable record, at the same offset")
                .hasSize(2).extracting(letter -> letter.getPartition() + "@" + letter.getOffset()).containsOnly("0@" + watchlist.size());
        int alertRecords = TopicContents.committed(stack, topics.alerts().name()).size();

        // The same input again, to one instance restarted on its state: nothing new.
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            sendReleases(producer, topics, registry);
        }
        try (EnrichApp again = EnrichApp.start(topics, registry, settings(stack, applicationId, "one"))) {
            await().atMost(PATIENCE).until(() -> again.isRunning() && caughtUp(stack, applicationId, topics.releases().name()));
        }
        assertThat(TopicContents.committed(stack, topics.alerts().name())).hasSize(alertRecords);
        assertThat(alertKeys(stack, topics)).hasSize(PROCESSES);
    }

    private static void sendReleases(KafkaProducer<byte[], byte[]> producer, EnrichTopics topics, RestSchemaRegistryClient registry) {
        for (int i = 0; i < PROCESSES; i++) {
            String ocid = "ocds-b5fd17-it-" + i;
            String json = """
                    {"ocid": "%s", "id": "a1", "date": "2026-02-01T00:00:00Z", "buyer": {"name": "Northshire Police"},
                     "awards": [{"id": "1", "value": {"amount": %d, "currency": "GBP"}, "suppliers": [{"name": "Hikvision UK Ltd"}]}]}
                    """.formatted(ocid, 1000 + i);
            IngestedRelease release = IngestedRelease.newBuilder().setOcid(ocid).setReleaseId("a1").setReleaseDate("2026-02-01T00:00:00Z")
                    .setReleaseJson(json).setContentHash("it-" + i)
                    .setSource(SourceMetadata.newBuilder().setSource("file").setUri("it").setFetchedAt(java.time.Instant.EPOCH)
                            .setDataVersion("1.1").build())
                    .build();
            send(producer, topics.releases(), registry, ocid, release);
        }
        producer.flush();
    }

    @Test
    void shouldWaitForTheRegistryWhenStartedWhileItIsAway(LocalStack stack, TestScope scope) throws Exception {
        EnrichTopics topics = EnrichTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (WatchlistEntity entity : WatchlistFile.bundled()) {
                send(producer, topics.watchlist(), registry, entity.getId(), entity);
            }
        }
        // A client of its own, nothing cached: as a process restarted during an outage. Its global store restores the
        // watchlist, which it cannot read without the registry; started at once, the client would stop in ERROR.
        var restarted = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        java.util.concurrent.CompletableFuture<EnrichApp> starting;
        stack.registry().stop();
        try {
            starting = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> EnrichApp.start(topics, restarted, settings(stack, scope.applicationId("enrich"), "waiting")));
            Thread.sleep(Duration.ofSeconds(8).toMillis());
            assertThat(starting).as("it waits for the registry").isNotDone();
        } finally {
            stack.registry().start();
        }
        try (EnrichApp app = starting.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            await().atMost(PATIENCE).until(app::isRunning);
            assertThat(app.deadLetters()).as("nothing dead-lettered").isZero();
        }
    }

    /** A body's answer that it uses neither firm's equipment. */
    private static FoiResponse foiAnswer(String requestId, String body, BodyType type) {
        return FoiResponse.newBuilder().setRequestId(requestId).setBodyName(body).setBodyType(type).setOutcome(FoiOutcome.answered)
                .setHikvision(FoiAnswer.no).setDahua(FoiAnswer.no).setOtherVendors(List.of()).setCapabilities(List.of())
                .setSource(SourceMetadata.newBuilder().setSource("file").setUri("it").setFetchedAt(java.time.Instant.EPOCH).build())
                .build();
    }

    @Test
    void shouldWaitOutARegistryOutageWhenAWatchlistRecordArrivesDuringIt(LocalStack stack, TestScope scope) throws Exception {
        EnrichTopics topics = EnrichTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        WatchlistEntity entity = WatchlistFile.bundled().getFirst();
        // Written while the registry is up, by a client of the test's: enrich's own has never looked its schema up.
        byte[] key = topics.watchlist().keySerde(registry).serializer().serialize(topics.watchlist().name(), entity.getId());
        byte[] value = topics.watchlist().valueSerde(registry).serializer().serialize(topics.watchlist().name(), entity);
        try (EnrichApp app = EnrichApp.start(topics, new RestSchemaRegistryClient(stack.schemaRegistryUrl()),
                settings(stack, scope.applicationId("enrich"), "outage"))) {
            await().atMost(PATIENCE).until(app::isRunning);
            stack.registry().stop();
            try {
                try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(topics.watchlist().name(), key, value)).get();
                }
                Thread.sleep(Duration.ofSeconds(8).toMillis());
                assertThat(app.streams().state()).as("the global thread waits; the client does not stop")
                        .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
            } finally {
                stack.registry().start();
            }
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                ReadOnlyKeyValueStore<String, ValueAndTimestamp<WatchlistEntity>> store = app.streams().store(
                        StoreQueryParameters.fromNameAndType(EnrichTopology.WATCHLIST_STORE, QueryableStoreTypes.timestampedKeyValueStore()));
                assertThat(store.get(entity.getId())).as("applied once the registry answers").isNotNull();
            });
            assertThat(app.isRunning()).isTrue();
            assertThat(app.deadLetters()).as("nothing dead-lettered").isZero();
        }
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicDescriptor<String, V> topic, RestSchemaRegistryClient registry,
                                 String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde(registry).serializer().serialize(topic.name(), key),
                topic.valueSerde(registry).serializer().serialize(topic.name(), value)));
    }

    private static EnrichSettings settings(LocalStack stack, String applicationId, String instance) {
        return new EnrichSettings(applicationId, stack.bootstrapServers(), Path.of(System.getProperty("java.io.tmpdir"))
                .resolve(applicationId + "-" + instance), Duration.ofSeconds(1), ExtensionSchemas.none(), Map.of());
    }

    private static Set<String> alertKeys(LocalStack stack, EnrichTopics topics) {
        return TopicContents.committed(stack, topics.alerts().name()).stream()
                .map(record -> new String(record.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    private static List<DeadLetter> deadLetters(LocalStack stack, EnrichTopics topics, RestSchemaRegistryClient registry) {
        var deserializer = topics.deadLetters().valueSerde(registry).deserializer();
        return TopicContents.committed(stack, topics.deadLetters().name()).stream()
                .map(ConsumerRecord::value).map(value -> deserializer.deserialize(topics.deadLetters().name(), value)).toList();
    }

    /** Whether the app's committed offsets on the topic have reached its end: every record processed. */
    private static boolean caughtUp(LocalStack stack, String groupId, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata offset = committed.get(end.getKey());
                // Under exactly-once the end offset counts the transaction marker after the last record.
                return end.getValue().offset() == 0 || (offset != null && offset.offset() >= end.getValue().offset() - 1);
            });
        }
    }

    private static String address(QueryServer server) {
        return server.host().host() + ":" + server.host().port();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
