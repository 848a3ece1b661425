package org.procwatch.ingest.lists;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.poll.PoliteHttpClient;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;
import org.procwatch.stack.junit.TopicContents;

/**
 * Official lists kept in step with the watchlist on the real broker: a Consolidated Screening List served
 * by a local server (with an ETag) is published whole, then only what changed, with tombstones for what it
 * dropped; a list that would remove most of it is refused, as is one past its caps; an OpenSanctions delta applies its own changes.
 */
@ExtendWith(LocalStackExtension.class)
class ListHarvestIT {

    private final AtomicReference<String> served = new AtomicReference<>();
    private final List<String> conditional = new ArrayList<>();
    private HttpServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/consolidated.json", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The list as served now, with an ETag of its content; a request naming that ETag gets a 304. */
    private void answer(HttpExchange exchange) throws IOException {
        String body = served.get();
        String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
        String asked = exchange.getRequestHeaders().getFirst("If-None-Match");
        conditional.add(String.valueOf(asked));
        exchange.getResponseHeaders().add("ETag", etag);
        if (etag.equals(asked)) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A CSL with the entries of the given numbers, entry 0 named as given. */
    private static String csl(String firstName, IntStream numbers) {
        List<String> entries = numbers.mapToObj(i -> """
                {"id": "e%d", "source": "Entity List (EL) - Bureau of Industry and Security", "type": null, "name": "%s",
                 "alt_names": [], "addresses": [{"country": "CN"}], "ids": [], "start_date": "2019-10-09", "end_date": null}"""
                .formatted(i, i == 0 ? firstName : "Listed Example " + i + " Co., Ltd.")).toList();
        return "{\"total\": " + entries.size() + ", \"sources_used\": [], \"results\": [" + String.join(",\n", entries) + "]}";
    }

    @Test
    void shouldPublishAWholeListThenOnlyWhatChangedWithTombstonesAndRefuseAListThatWouldRemoveMostOfIt(LocalStack stack, TestScope scope)
            throws Exception {
        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/consolidated.json");
        PoliteHttpClient http = new PoliteHttpClient(new PoliteHttpClient.Settings("procwatch/test (contact: desk@example.org)",
                Duration.ZERO, Duration.ZERO, Duration.ZERO, 2, 1024, 0));
        ListHarvest.Settings settings = new ListHarvest.Settings(OfficialList.US_CSL, url, false, Duration.ofHours(6), false, false,
                ListLimits.DEFAULTS);

        served.set(csl("Hangzhou Example Digital Technology Co., Ltd.", IntStream.rangeClosed(0, 29)));
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("lists"))) {
            ListHarvest harvest = new ListHarvest(settings, http, writer);
            assertThat(harvest.run()).isTrue();
            assertThat(writer.produced()).isEqualTo(30);

            assertThat(harvest.run()).as("unchanged: the publisher answers 304").isTrue();
            assertThat(conditional.getLast()).as("asked conditionally").startsWith("\"");
            assertThat(harvest.status().toMap()).extractingByKey("fetches").asString().contains("applied=1", "notModified=1");
        }
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("lists"))) {
            // A new run (no ETag kept) of the same list: compared with the watchlist itself, nothing to publish.
            assertThat(new ListHarvest(settings, http, writer).run()).isTrue();
            assertThat(writer.produced()).isZero();
        }

        // Entry 29 dropped, entry 0 renamed, entry 30 new.
        served.set(csl("Hangzhou Example Digital Technology Company Limited", IntStream.concat(IntStream.rangeClosed(0, 28), IntStream.of(30))));
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("lists"))) {
            ListHarvest harvest = new ListHarvest(settings, http, writer);
            assertThat(harvest.run()).isTrue();
            assertThat(harvest.status().toMap()).extractingByKey("lastApplied").asString()
                    .contains("kind=whole", "listed=30", "added=1", "changed=1", "removed=1", "unchanged=28");
        }
        Map<String, String> watchlist = watchlist(stack, topics);
        assertThat(watchlist).hasSize(31).containsEntry("us-csl:e29", null);
        assertThat(watchlist.get("us-csl:e0")).contains("Company Limited");

        // A list cut short: 3 entries where 30 were listed.
        served.set(csl("Hangzhou Example Digital Technology Company Limited", IntStream.rangeClosed(0, 2)));
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("lists"))) {
            ListHarvest harvest = new ListHarvest(settings, http, writer);
            assertThat(harvest.run()).isFalse();
            assertThat(writer.produced()).as("nothing changed").isZero();
            assertThat(harvest.status().toMap()).extractingByKey("lastFailure").asString().contains("would remove 27 of the 30",
                    "--allow-large-removal");

            ListHarvest allowed = new ListHarvest(new ListHarvest.Settings(OfficialList.US_CSL, url, false, Duration.ofHours(6), false, true,
                    ListLimits.DEFAULTS), http, writer);
            assertThat(allowed.run()).isTrue();
            assertThat(writer.produced()).isEqualTo(27);
        }
        assertThat(watchlist(stack, topics).values().stream().filter(value -> value != null)).hasSize(3);
    }

    @Test
    void shouldApplyAnOpenSanctionsDeltaFromAFileAndRefuseADownloadOverTheCap(LocalStack stack, TestScope scope) throws Exception {
        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        PoliteHttpClient http = new PoliteHttpClient(new PoliteHttpClient.Settings("procwatch/test", Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 2, 1024, 0));
        Path export = dir.resolve("entities.ftm.json");
        Files.writeString(export, """
                {"id": "NK-a", "schema": "Company", "caption": "Alpha Vision Co", "properties": {"name": ["Alpha Vision Co"], "topics": ["sanction"]}, "datasets": ["x"]}
                {"id": "NK-b", "schema": "Company", "caption": "Beta Optics Ltd", "properties": {"name": ["Beta Optics Ltd"], "topics": ["sanction"]}, "datasets": ["x"]}
                """);
        Path delta = dir.resolve("delta.json");
        Files.writeString(delta, """
                {"op": "DEL", "entity": {"id": "NK-a"}}
                {"op": "ADD", "entity": {"id": "NK-c", "schema": "Company", "caption": "Gamma Cam Co", "properties": {"name": ["Gamma Cam Co"], "topics": ["export.control"]}, "datasets": ["x"]}}
                """);

        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("os"))) {
            for (Path file : List.of(export, delta)) {
                ListHarvest harvest = new ListHarvest(new ListHarvest.Settings(OfficialList.OPENSANCTIONS, file.toUri(), false,
                        Duration.ofHours(6), false, false, ListLimits.DEFAULTS), http, writer);
                assertThat(harvest.run()).isTrue();
            }
            assertThat(writer.produced()).as("two entities, then a removal and an addition").isEqualTo(4);

            served.set(csl("Big", IntStream.rangeClosed(0, 50)));
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/consolidated.json");
            ListHarvest capped = new ListHarvest(new ListHarvest.Settings(OfficialList.US_CSL, url, false, Duration.ofHours(6), false, false,
                    ListLimits.DEFAULTS.withMaxBytes(1000)), http, writer);
            assertThat(capped.run()).isFalse();
            assertThat(capped.status().toMap()).extractingByKey("lastFailure").asString().contains("larger than");
        }
        Map<String, String> watchlist = watchlist(stack, topics);
        assertThat(watchlist).containsEntry("opensanctions:NK-a", null).containsKeys("opensanctions:NK-b", "opensanctions:NK-c");
        assertThat(watchlist.keySet()).noneMatch(id -> id.startsWith("us-csl:"));
    }

    @Test
    void shouldRefuseAListThatDecompressesPastTheCapHasAnEntryTooLargeToReadOrNamesTooManyEntitiesChangingNothing(LocalStack stack,
            TestScope scope) throws Exception {
        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        PoliteHttpClient http = new PoliteHttpClient(new PoliteHttpClient.Settings("procwatch/test", Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 2, 1024, 0));
        Path list = dir.resolve("consolidated.json");
        Files.writeString(list, csl("Hangzhou Example Digital Technology Co., Ltd.", IntStream.rangeClosed(0, 29)));
        // 30 KB of list in a gzip of a few hundred bytes, against a cap of 8 KB.
        Path bomb = dir.resolve("consolidated.json.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(bomb))) {
            out.write(csl("Padded" + " ".repeat(30_000), IntStream.rangeClosed(0, 2)).getBytes(StandardCharsets.UTF_8));
        }
        Path large = dir.resolve("large.json");
        Files.writeString(large, csl("Hangzhou Example Digital Technology Co., Ltd.", IntStream.rangeClosed(0, 29))
                .replace("\"alt_names\": []", "\"alt_names\": [\"" + "A".repeat(5000) + "\"]"));

        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("capped"))) {
            assertThat(harvest(list, ListLimits.DEFAULTS, http, writer).run()).isTrue();
            assertThat(writer.produced()).isEqualTo(30);

            ListHarvest bombed = harvest(bomb, ListLimits.DEFAULTS.withMaxBytes(8 * 1024), http, writer);
            assertThat(bombed.run()).isFalse();
            assertThat(bombed.status().toMap()).extractingByKey("lastFailure").asString().contains("decompresses to more than 8,192 bytes",
                    "--max-download-mb");

            ListHarvest tooLarge = harvest(large, ListLimits.DEFAULTS.withMaxEntryBytes(4096), http, writer);
            assertThat(tooLarge.run()).isFalse();
            assertThat(tooLarge.status().toMap()).extractingByKey("lastFailure").asString().contains("30 entries", "over 4,096 bytes",
                    "nothing was changed");

            ListHarvest tooMany = harvest(list, new ListLimits(ListLimits.DEFAULTS.maxBytes(), ListLimits.DEFAULTS.maxEntryBytes(), 20), http,
                    writer);
            assertThat(tooMany.run()).isFalse();
            assertThat(tooMany.status().toMap()).extractingByKey("lastFailure").asString().contains("more than 20 entities", "--max-entities");
            assertThat(writer.produced()).as("nothing published after the first list").isEqualTo(30);
        }
        Map<String, String> watchlist = watchlist(stack, topics);
        assertThat(watchlist).as("no removal, no change").hasSize(30).doesNotContainValue(null);
        assertThat(watchlist.values()).noneMatch(entity -> entity.contains("Padded") || entity.contains("AAAA"));
    }

    private static ListHarvest harvest(Path file, ListLimits limits, PoliteHttpClient http, IngestWriter writer) {
        return new ListHarvest(new ListHarvest.Settings(OfficialList.US_CSL, file.toUri(), false, Duration.ofHours(6), false, false, limits),
                http, writer);
    }

    @Test
    void shouldFollowAnOpenSanctionsDatasetByItsVersionsApplyingDeltasSinceTheLastAndTheWholeExportWhenTooFarBehind(LocalStack stack,
            TestScope scope) throws Exception {
        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        Map<String, String> site = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/os/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path);
            String body = site.get(path);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
            if (body != null) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        URI index = URI.create(base + "/os/datasets/latest/sanctions/index.json");
        PoliteHttpClient http = new PoliteHttpClient(new PoliteHttpClient.Settings("procwatch/test", Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 2, 1024 * 1024, 0));
        ListHarvest.Settings settings = new ListHarvest.Settings(OfficialList.OPENSANCTIONS, index, false, Duration.ofHours(6), false, false,
                ListLimits.DEFAULTS);
        String company = "{\"id\": \"NK-%1$s\", \"schema\": \"Company\", \"caption\": \"%1$s Vision Co\", "
                + "\"properties\": {\"name\": [\"%1$s Vision Co\"], \"topics\": [\"sanction\"]}, \"datasets\": [\"x\"]}";
        site.put("/os/datasets/v2/entities.ftm.json", company.formatted("Alpha") + "\n" + company.formatted("Beta") + "\n");
        site.put("/os/artifacts/v3/entities.delta.json", "{\"op\": \"ADD\", \"entity\": " + company.formatted("Gamma") + "}\n");
        site.put("/os/artifacts/v4/entities.delta.json", "{\"op\": \"DEL\", \"entity\": {\"id\": \"NK-Alpha\"}}\n");
        site.put("/os/datasets/v9/entities.ftm.json", company.formatted("Beta") + "\n" + company.formatted("Delta") + "\n");

        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("os-index"))) {
            publishIndex(site, "v2", List.of("v1", "v2"));
            assertThat(new ListHarvest(settings, http, writer).run()).isTrue();
            assertThat(asked).as("the first time: the whole export").contains("/os/datasets/v2/entities.ftm.json");
            assertThat(openSanctionsIds(stack, topics)).containsExactlyInAnyOrder("NK-Alpha", "NK-Beta");

            asked.clear();
            assertThat(new ListHarvest(settings, http, writer).run()).isTrue();
            assertThat(asked).as("the same version again: the index only").containsExactly("/os/datasets/latest/sanctions/index.json");

            publishIndex(site, "v4", List.of("v1", "v2", "v3", "v4"));
            asked.clear();
            assertThat(new ListHarvest(settings, http, writer).run()).isTrue();
            assertThat(asked).as("the deltas since v2, in order, and no export").containsSubsequence(
                    "/os/artifacts/v3/entities.delta.json", "/os/artifacts/v4/entities.delta.json")
                    .noneMatch(path -> path.endsWith("entities.ftm.json"));
        }
        assertThat(openSanctionsIds(stack, topics)).containsExactlyInAnyOrder("NK-Beta", "NK-Gamma");

        // Version v5 announced before its delta is published: nothing to apply yet, and v5 is not taken as applied.
        publishIndex(site, "v5", List.of("v3", "v4"));
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("os-index"))) {
            assertThat(new ListHarvest(settings, http, writer).run()).isTrue();
            assertThat(writer.produced()).isZero();
            site.put("/os/artifacts/v5/entities.delta.json", "{\"op\": \"ADD\", \"entity\": " + company.formatted("Epsilon") + "}\n");
            publishIndex(site, "v5", List.of("v3", "v4", "v5"));
            assertThat(new ListHarvest(settings, http, writer).run()).isTrue();
        }
        assertThat(openSanctionsIds(stack, topics)).as("v5's delta, once published").containsExactlyInAnyOrder("NK-Beta", "NK-Gamma",
                "NK-Epsilon");

        // A restart long after: the deltas offered begin after v4, so the whole export is read again.
        publishIndex(site, "v9", List.of("v6", "v7", "v8", "v9"));
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("os-index"))) {
            assertThat(new ListHarvest(settings, http, writer).run()).isTrue();
        }
        assertThat(openSanctionsIds(stack, topics)).as("Gamma and Epsilon gone with the whole export").containsExactlyInAnyOrder("NK-Beta",
                "NK-Delta");
        Map<String, String> entities = watchlist(stack, topics);
        assertThat(entities.get("opensanctions:NK-Delta")).as("each entity with the version it was added or changed in").contains("v9");
        assertThat(entities.get("opensanctions:NK-Beta")).as("unchanged since v2: not published again, so still of v2")
                .contains("v2").doesNotContain("v9");
    }

    private static void publishIndex(Map<String, String> site, String version, List<String> deltaVersions) {
        site.put("/os/datasets/latest/sanctions/index.json", """
                {"name": "sanctions", "version": "%1$s", "delta_url": "/os/artifacts/%1$s/delta.json",
                 "resources": [{"name": "entities.ftm.json", "url": "/os/datasets/%1$s/entities.ftm.json"},
                               {"name": "names.txt", "url": "/os/datasets/%1$s/names.txt"}]}
                """.formatted(version));
        String versions = deltaVersions.stream().map(v -> "\"" + v + "\": \"/os/artifacts/" + v + "/entities.delta.json\"")
                .collect(java.util.stream.Collectors.joining(", "));
        site.put("/os/artifacts/" + version + "/delta.json", "{\"versions\": {" + versions + "}, \"updated_at\": \"2026-12-03T00:00:00Z\"}");
    }

    /** The OpenSanctions ids the watchlist holds now. */
    private static List<String> openSanctionsIds(LocalStack stack, IngestTopics topics) {
        return watchlist(stack, topics).entrySet().stream().filter(entry -> entry.getValue() != null)
                .map(Map.Entry::getKey).filter(id -> id.startsWith("opensanctions:")).map(id -> id.substring("opensanctions:".length())).toList();
    }

    /** The watchlist topic's last value per key, as text (null for a tombstone). */
    private static Map<String, String> watchlist(LocalStack stack, IngestTopics topics) {
        Map<String, String> latest = new LinkedHashMap<>();
        TopicContents.committed(stack, topics.watchlist().name()).forEach(record -> latest.put(new String(record.key(), StandardCharsets.UTF_8),
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
        return latest;
    }
}
