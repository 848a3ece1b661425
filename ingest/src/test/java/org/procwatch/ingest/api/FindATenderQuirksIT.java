package org.procwatch.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * A backfill of a local server that behaves as Find a Tender has been seen to: opaque base64 cursors (a
 * made-up one answers 400), a full page without its next link, 429 bursts without Retry-After, an error
 * object with HTTP 200, truncated JSON, a next link looping to itself, one to another host, and a huge page. Every release
 * is ingested exactly once; the windows that could not be read are reported and read by the next run.
 */
@ExtendWith(LocalStackExtension.class)
class FindATenderQuirksIT {

    private static final Instant FROM = Instant.parse("2024-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2024-03-02T06:00:00Z");
    private static final int PAGE = 100;
    /** The largest page the test's poller reads; the fifth window's first page is padded past it. */
    private static final int PAGE_CAP = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The releases by their updated time, per six-hour window: 150, 250, 120, 110 and 90. */
    private final List<Map<String, Object>> releases = new ArrayList<>();
    private final Set<String> issuedCursors = ConcurrentHashMap.newKeySet();
    private final AtomicInteger madeUpCursors = new AtomicInteger();
    private final AtomicBoolean quirks = new AtomicBoolean(true);
    private final Map<String, AtomicInteger> pageReads = new ConcurrentHashMap<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        int[] perWindow = {150, 250, 120, 110, 90};
        for (int window = 0; window < perWindow.length; window++) {
            for (int i = 0; i < perWindow[window]; i++) {
                Instant updated = FROM.plus(Duration.ofHours(6L * window)).plusSeconds(60L + i * 60L);
                Map<String, Object> release = new LinkedHashMap<>();
                release.put("ocid", "ocds-h6vhtk-" + window + "-" + i);
                release.put("id", "0" + window + i + "-2024");
                release.put("date", updated.toString());
                release.put("tag", List.of("tender"));
                releases.add(release);
            }
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/1.0/ocdsReleasePackages", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Instant from = Instant.parse(query.get("updatedFrom"));
        Instant to = Instant.parse(query.get("updatedTo"));
        int offset = 0;
        if (query.containsKey("cursor")) {
            String cursor = query.get("cursor");
            if (!issuedCursors.contains(cursor)) {
                madeUpCursors.incrementAndGet();
                send(exchange, 400, "{\"error\": \"invalid cursor\"}");
                return;
            }
            String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            offset = Integer.parseInt(decoded.substring(decoded.indexOf("nextCursor=") + "nextCursor=".length()));
        }
        List<Map<String, Object>> inWindow = releases.stream()
                .filter(release -> {
                    Instant updated = Instant.parse((String) release.get("date"));
                    return !updated.isBefore(from) && !updated.isAfter(to);
                }).toList();
        List<Map<String, Object>> page = inWindow.subList(Math.min(offset, inWindow.size()), Math.min(offset + PAGE, inWindow.size()));
        int window = (int) Duration.between(FROM, from).toHours() / 6;
        boolean wholeWindow = Duration.between(from, to).equals(Duration.ofHours(6));
        String pageKey = from + "|" + offset;
        int reads = pageReads.computeIfAbsent(pageKey, key -> new AtomicInteger()).incrementAndGet();

        if (window == 1 && offset == PAGE && wholeWindow) {
            // A burst of 429s (no Retry-After), then an error object with 200, then truncated JSON, then the page.
            if (reads <= 2) {
                send(exchange, 429, "12 request limit in 2 minute exceeded");
                return;
            }
            if (reads == 3) {
                send(exchange, 200, "{\"error\": \"Gateway timeout\"}");
                return;
            }
            if (reads == 4) {
                send(exchange, 200, "{\"releases\": [{\"ocid\": \"ocds-h6");
                return;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uri", "https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages");
        body.put("version", "1.1");
        body.put("releases", page);
        boolean more = offset + PAGE < inWindow.size();
        String next = null;
        if (more) {
            String cursor = Base64.getEncoder().encodeToString(("updatedFrom=" + from + "|updatedTo=" + to + "|nextCursor=" + (offset + PAGE))
                    .getBytes(StandardCharsets.UTF_8));
            issuedCursors.add(cursor);
            next = "/api/1.0/ocdsReleasePackages?updatedFrom=" + encode(query.get("updatedFrom")) + "&updatedTo="
                    + encode(query.get("updatedTo")) + "&limit=100&cursor=" + encode(cursor);
        }
        if (quirks.get() && wholeWindow && offset == 0) {
            if (window == 0) {
                next = null; // a full first page without its next link
            } else if (window == 2) {
                next = "/api/1.0/ocdsReleasePackages?" + exchange.getRequestURI().getRawQuery(); // back to itself
            } else if (window == 3) {
                next = "http://169.254.169.254/latest/meta-data/?cursor=x"; // off the site
            } else if (window == 4) {
                body.put("padding", "x".repeat(PAGE_CAP + 1)); // a page larger than anything a source should send
            }
        }
        if (next != null) {
            body.put("links", Map.of("next", next));
        }
        send(exchange, 200, JSON.writeValueAsString(body));
    }

    @Test
    void shouldIngestEveryReleaseOnceReportTheWindowsItCouldNotReadAndReadThemNextRun(LocalStack stack, TestScope scope) throws Exception {
        ApiSource source = new ApiSource("find-a-tender", "http://127.0.0.1:" + server.getAddress().getPort(), "/api/1.0/ocdsReleasePackages",
                "updatedFrom", "updatedTo", Duration.ofHours(6), PAGE, ApiSource.UTC_FORMAT);
        IngestTopics topics = IngestTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        RateLimits quick = new RateLimits(Duration.ZERO, Duration.ZERO, Duration.ZERO, 4);
        Clock clock = Clock.fixed(TO, ZoneOffset.UTC);

        ApiPoller.Backfill first;
        ApiPoller poller;
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("fts"))) {
            poller = new ApiPoller(source, quick, writer, IngestProgress.NONE, clock, duration -> { }, PAGE_CAP);
            first = poller.backfill(FROM, TO);
        }
        assertThat(first.complete()).isFalse();
        assertThat(first.through()).as("after the first two windows").isEqualTo(FROM.plus(Duration.ofHours(12)));
        assertThat(poller.status().toMap().get("incomplete")).asString()
                .contains("leads back to", "next link off the source's site", "larger than 1 MB").doesNotContain("2024-03-01T00:00:00Z,");
        assertThat(poller.status().retries()).as("two 429s, the error object and the truncated page, each asked again once").isEqualTo(4);
        assertThat(poller.status().newReleases()).isEqualTo(600);
        assertThat(poller.status().releases()).as("seen, with the full page read again in halves").isGreaterThan(600);
        assertThat(poller.status().windows()).isEqualTo(2);
        assertThat(poller.status().incompleteWindows()).isEqualTo(3);
        assertThat(releaseKeys(stack, topics)).as("windows one and two whole, through the missing link, 429s, error object and "
                + "truncated page; the first pages of windows three and four, read before their bad links").hasSize(600).doesNotHaveDuplicates();

        quirks.set(false);
        try (IngestWriter writer = new IngestWriter(client, registry, topics, scope.applicationId("fts"))) {
            ApiPoller again = new ApiPoller(source, quick, writer, IngestProgress.NONE, clock, duration -> { }, PAGE_CAP);
            ApiPoller.Backfill second = again.backfill(FROM, TO);
            assertThat(second).isEqualTo(new ApiPoller.Backfill(TO, true));
            assertThat(again.status().newReleases()).as("what the first run could not read").isEqualTo(120);
            assertThat(again.status().toMap()).extractingByKey("lastWindow").asString()
                    .contains("from=2024-03-02T00:00:00Z", "releases=90", "newReleases=90", "complete=true");
        }
        assertThat(releaseKeys(stack, topics)).as("every release, each once").hasSize(720).doesNotHaveDuplicates();
        assertThat(madeUpCursors).as("cursors procwatch made up").hasValue(0);
    }

    /** The ocid of every release on the topic: each release here has an ocid of its own. */
    private static List<String> releaseKeys(LocalStack stack, IngestTopics topics) {
        List<String> keys = new ArrayList<>();
        TopicContents.committed(stack, topics.releases().name()).forEach(record -> keys.add(new String(record.key(), StandardCharsets.UTF_8)));
        return keys;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
