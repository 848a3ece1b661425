package org.procwatch.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;
import org.procwatch.stack.junit.TopicContents;

/**
 * Contracts Finder's search serves only a notice's latest releases: procwatch reads the record of each process
 * the first time a window names it, so a compiled contract has every release the publisher holds, each once.
 */
@ExtendWith(LocalStackExtension.class)
class ContractsFinderRecordsIT {

    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2024-01-31T00:00:00Z");

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Both windows name process A by its latest release; its record holds that and the two before it. */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        String body;
        if (path.equals("/Published/Notices/OCDS/Search")) {
            boolean first = exchange.getRequestURI().getRawQuery().contains("publishedFrom=2024-01-01");
            body = "{\"releases\": [" + release("ocds-b5fd17-a", "a3", "2024-01-10") + ","
                    + release(first ? "ocds-b5fd17-b" : "ocds-b5fd17-c", "x1", "2024-01-11") + "]}";
        } else if (path.equals("/Published/OCDS/Record/ocds-b5fd17-a")) {
            body = "{\"records\": [{\"ocid\": \"ocds-b5fd17-a\", \"releases\": [" + release("ocds-b5fd17-a", "a1", "2023-05-01") + ","
                    + release("ocds-b5fd17-a", "a2", "2023-09-01") + "," + release("ocds-b5fd17-a", "a3", "2024-01-10") + "]}]}";
        } else if (path.startsWith("/Published/OCDS/Record/")) {
            String ocid = path.substring("/Published/OCDS/Record/".length());
            body = "{\"records\": [{\"ocid\": \"" + ocid + "\", \"releases\": [" + release(ocid, "x1", "2024-01-11") + "]}]}";
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String release(String ocid, String id, String date) {
        return "{\"ocid\": \"" + ocid + "\", \"id\": \"" + id + "\", \"date\": \"" + date + "T09:00:00Z\", \"tag\": [\"tender\"]}";
    }

    @Test
    void shouldReadEachProcesssRecordOnceTheFirstTimeAWindowNamesIt(LocalStack stack, TestScope scope) throws Exception {
        ApiSource source = new ApiSource("contracts-finder", "http://127.0.0.1:" + server.getAddress().getPort(),
                "/Published/Notices/OCDS/Search", "publishedFrom", "publishedTo", Duration.ofDays(15), 100, ApiSource.PARAMETER_FORMAT,
                "/Published/OCDS/Record/");
        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        try (IngestWriter writer = new IngestWriter(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new RestSchemaRegistryClient(stack.schemaRegistryUrl()), topics, scope.applicationId("cf"))) {
            ApiPoller poller = new ApiPoller(source, new RateLimits(Duration.ZERO, Duration.ZERO, Duration.ZERO, 2), writer,
                    IngestProgress.NONE, Clock.fixed(TO, ZoneOffset.UTC), duration -> { });
            assertThat(poller.backfill(FROM, TO).complete()).isTrue();
        }

        List<String> keys = TopicContents.committed(stack, topics.releases().name()).stream()
                .map(record -> new String(record.key(), StandardCharsets.UTF_8)).toList();
        assertThat(keys).as("A's three releases, B's and C's one each, every one once")
                .containsExactlyInAnyOrder("ocds-b5fd17-a", "ocds-b5fd17-a", "ocds-b5fd17-a", "ocds-b5fd17-b", "ocds-b5fd17-c");
        assertThat(requests).as("A's record read once, though both windows name it")
                .filteredOn(path -> path.equals("/Published/OCDS/Record/ocds-b5fd17-a")).hasSize(1);
    }
}
