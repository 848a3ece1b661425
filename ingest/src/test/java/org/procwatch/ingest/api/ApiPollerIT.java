package org.procwatch.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A backfill of a local OCDS API into the real broker: a window the source refuses is left incomplete while
 * the others are read, the checkpoint stays before it, and the next run reads from it without duplicates.
 */
@ExtendWith(LocalStackExtension.class)
class ApiPollerIT {

    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2024-02-15T00:00:00Z");

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean thirdWindowFails = new AtomicBoolean(true);
    /** Requests answered before the source goes down; then {@link #outage} of them are answered 503. */
    private final AtomicInteger answeredBeforeOutage = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger outage = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/search", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Three 15-day windows of two pages of two releases each; the third window fails until told not to. */
    private void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(query);
        int window = query.contains("publishedFrom=2024-01-01") ? 1 : query.contains("publishedFrom=2024-01-16") ? 2 : 3;
        boolean second = query.contains("page=2");
        byte[] body;
        int status = 200;
        if (requests.size() > answeredBeforeOutage.get() && outage.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            status = 503;
            body = "Service Unavailable".getBytes(StandardCharsets.UTF_8);
        } else if (window == 3 && thirdWindowFails.get()) {
            status = 400;
            body = "{\"error\": \"bad request\"}".getBytes(StandardCharsets.UTF_8);
        } else {
            String releases = ("{\"ocid\": \"ocds-b5fd17-w%1$d\", \"id\": \"p%2$d-a\", \"date\": \"2024-01-0%1$d\"},"
                    + "{\"ocid\": \"ocds-b5fd17-w%1$d\", \"id\": \"p%2$d-b\", \"date\": \"2024-01-0%1$d\"}").formatted(window, second ? 2 : 1);
            String next = second ? "" : ", \"links\": {\"next\": \"/search?" + query + "&page=2\"}";
            body = ("{\"version\": \"1.1\", \"releases\": [" + releases + "]" + next + "}").getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void shouldLeaveARefusedWindowForTheNextRunAndResumeThereWithoutDuplicates(LocalStack stack, TestScope scope) throws Exception {
        // Pages of up to 3: a page of 2 without a next link is the last.
        ApiSource source = new ApiSource("test-api", "http://127.0.0.1:" + server.getAddress().getPort(), "/search",
                "publishedFrom", "publishedTo", Duration.ofDays(15), 3);
        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        RateLimits quick = new RateLimits(Duration.ZERO, Duration.ZERO, Duration.ZERO, 2);
        Clock clock = Clock.fixed(TO, ZoneOffset.UTC);

        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("poller"))) {
            ApiPoller poller = new ApiPoller(source, quick, writer, IngestProgress.NONE, clock, duration -> { });
            ApiPoller.Backfill backfill = poller.backfill(FROM, TO);
            assertThat(backfill.complete()).isFalse();
            assertThat(backfill.through()).as("the end of the second window, before the refused one").isEqualTo(Instant.parse("2024-01-31T00:00:00Z"));
            assertThat(poller.status().toMap().get("incomplete")).asString().contains("2024-01-31T00:00:00Z", "HTTP 400");
        }
        assertThat(keys(stack, topics.releases().name())).hasSize(8);
        assertThat(requests).filteredOn(q -> q.contains("publishedFrom=2024-01-01")).hasSize(2);

        thirdWindowFails.set(false);
        requests.clear();
        List<String> progress = new ArrayList<>();
        IngestProgress recorded = new IngestProgress() {
            @Override
            public void begin(String task, long total, Unit unit) {
                progress.add("begin " + total + " " + unit);
            }

            @Override
            public void update(long done, long records) {
                progress.add(done + " " + records);
            }

            @Override
            public void end() {
                progress.add("end");
            }
        };
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("poller"))) {
            ApiPoller.Backfill done = new ApiPoller(source, quick, writer, recorded, clock, duration -> { }).backfill(FROM, TO);
            assertThat(done).isEqualTo(new ApiPoller.Backfill(TO, true));
            assertThat(writer.skipped()).isZero();
        }
        assertThat(progress).as("one window left of three; its 4 releases, then the window done")
                .containsExactly("begin 1 WINDOWS", "0 1", "0 2", "0 3", "0 4", "1 4", "end");

        assertThat(requests).as("windows done before the failure are not asked for again")
                .allSatisfy(q -> assertThat(q).contains("publishedFrom=2024-01-31"));
        List<String> keys = keys(stack, topics.releases().name());
        assertThat(keys).hasSize(12);
        assertThat(keys).filteredOn("ocds-b5fd17-w3"::equals).hasSize(4);
    }

    @Test
    void shouldWaitOutASourceThatStaysDownWhileFollowingAndGoOnFromWhereItGotTo(LocalStack stack, TestScope scope) throws Exception {
        thirdWindowFails.set(false);
        ApiSource source = new ApiSource("test-api", "http://127.0.0.1:" + server.getAddress().getPort(), "/search",
                "publishedFrom", "publishedTo", Duration.ofDays(15), 3);
        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        RateLimits quick = new RateLimits(Duration.ZERO, Duration.ZERO, Duration.ZERO, 2);
        Clock clock = Clock.fixed(TO, ZoneOffset.UTC);
        Duration interval = Duration.ofMinutes(5);
        // The first window's two pages are answered; then the source is down for three requests, more than the
        // two attempts a page gets.
        answeredBeforeOutage.set(2);
        outage.set(3);
        List<String> incompleteAtEachPoll = new ArrayList<>();

        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("follow"))) {
            ApiPoller[] poller = new ApiPoller[1];
            poller[0] = new ApiPoller(source, quick, writer, IngestProgress.NONE, clock, duration -> {
                if (duration.equals(interval)) {
                    incompleteAtEachPoll.add(poller[0].status().toMap().get("incomplete").toString());
                    if (incompleteAtEachPoll.size() == 3) {
                        throw new InterruptedException("the test has seen three polls");
                    }
                }
            });
            assertThatThrownBy(() -> poller[0].follow(FROM, interval, Duration.ZERO)).isInstanceOf(InterruptedException.class);
        }
        assertThat(incompleteAtEachPoll.get(0)).as("the first poll ends at the window it could not read, and says so")
                .contains("2024-01-16T00:00:00Z", "did not answer after 2 attempts");
        assertThat(incompleteAtEachPoll.get(1)).as("the next poll goes on from there and reads it").isEqualTo("[]");
        assertThat(requests).filteredOn(q -> q.contains("publishedFrom=2024-01-01")).as("the window read before the outage, once")
                .hasSize(2);
        assertThat(keys(stack, topics.releases().name())).as("every release of the three windows, once").hasSize(12)
                .filteredOn("ocds-b5fd17-w2"::equals).hasSize(4);
    }

    private static List<String> keys(LocalStack stack, String topic) {
        return TopicContents.committed(stack, topic).stream()
                .map(record -> new String(record.key(), StandardCharsets.UTF_8)).toList();
    }
}
