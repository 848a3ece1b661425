package org.procwatch.launcher.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.state.HostInfo;
import org.procwatch.enrich.app.EnrichApp;
import org.procwatch.enrich.query.EnrichQueries;
import org.procwatch.enrich.query.RemoteQueries;
import org.procwatch.enrich.topology.EnrichSettings;
import org.procwatch.enrich.topology.EnrichTopics;
import org.procwatch.ingest.file.FileIngest;
import org.procwatch.ingest.foi.ColumnMapping;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.progress.LoggedProgress;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.ingest.source.InputType;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.launcher.http.ApiServer;
import org.procwatch.launcher.http.Readiness;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.schemas.watchlist.WatchlistFile;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.StackPorts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./procwatch bench-api}: on a stack of its own, enrich raises N alerts (a contracting process each, its
 * supplier a listed firm), then the HTTP API is asked, one request after another, for the newest alerts in a few
 * ways, and the time each answer took, as a client sees it, is reported: median, 99th percentile and slowest.
 */
@Command(name = "bench-api", mixinStandardHelpOptions = true,
        description = "Measures how fast the HTTP API answers /api/alerts with N alerts stored, on a stack of its own: "
                + "median, 99th percentile and slowest of sequential requests.")
public final class ApiBenchCommand implements Callable<Integer> {

    @Option(names = "--alerts", defaultValue = "100000", paramLabel = "N", description = "Alerts stored before the API is asked (default: ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--requests", defaultValue = "500", paramLabel = "N",
            description = "Requests timed for each question, after as many to warm up (default: ${DEFAULT-VALUE}).")
    int requests;

    /** What is asked: the newest alert, a page of them, the newest active one. */
    private static final List<String> QUESTIONS = List.of("/api/alerts?limit=1", "/api/alerts", "/api/alerts?limit=1&status=active");
    private static final long SETTLE_NANOS = 10_000_000_000L;
    /** The worst case, a filter no alert passes, so every alert is read: asked a tenth as often. */
    private static final String WORST_CASE = "/api/alerts?limit=1&entity=no-such-firm";

    @Override
    public Integer call() throws Exception {
        try (WorkFolder work = WorkFolder.create("procwatch-bench-api")) {
            Path releases = writeReleases(work.resolve("releases.jsonl"), alerts);
            System.out.printf(Locale.ROOT, "%,d contracting processes, each supplied by a listed firm; starting a stack ...%n", alerts);
            try (LocalStack stack = LocalStack.start(work.resolve("stack"), StackPorts.anyFree(), StackPorts.anyFree(), Topics.allWithInternal())) {
                RestSchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
                Readiness readiness = new Readiness();
                try (ApiServer server = ApiServer.start("127.0.0.1", 0, readiness);
                     EnrichApp enrich = EnrichApp.start(EnrichTopics.standard(), registry,
                             EnrichSettings.defaults(stack.bootstrapServers(), work.resolve("enrich-state")).servedAt("127.0.0.1:" + server.port()))) {
                    readiness.register("enrich", enrich::isRunning);
                    server.enrich(new EnrichQueries(enrich.streams(), new HostInfo("127.0.0.1", server.port()), new RemoteQueries()));
                    try (IngestWriter writer = new IngestWriter(Map.of("bootstrap.servers", stack.bootstrapServers()), registry,
                            IngestTopics.standard(), "procwatch-bench-api-ingest")) {
                        FileIngest ingest = new FileIngest(writer, ColumnMapping.canonical(), new LoggedProgress(), ReadLimits.DEFAULTS);
                        ingest.ingestWatchlist(WatchlistFile.bundled(), "bundled watchlist");
                        ingest.ingest(List.of(new InputSpec(releases, Optional.of(InputType.OCDS))));
                    }
                    long published = awaitAlerts(stack.bootstrapServers(), alerts);
                    String api = "http://127.0.0.1:" + server.port();
                    System.out.printf(Locale.ROOT, "%,d alerts published; asking the API at %s, one request at a time%n", published, api);
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                    // Enrich is still at its exposure tables when the last alert is out: ten seconds of asking lets it finish
                    // and warms this side, so that the figures are of the API alone.
                    URI first = URI.create(api + QUESTIONS.getFirst());
                    for (long end = System.nanoTime() + SETTLE_NANOS; System.nanoTime() < end; ) {
                        time(http, first, 10);
                    }
                    for (String question : QUESTIONS) {
                        report(http, URI.create(api + question), requests);
                    }
                    report(http, URI.create(api + WORST_CASE), Math.max(10, requests / 10));
                }
            }
        }
        return 0;
    }

    private static void report(HttpClient http, URI uri, int requests) throws IOException, InterruptedException {
        time(http, uri, requests); // warm-up: compiled code, caches, the connection
        long[] nanos = time(http, uri, requests);
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-42s p50 %7.2f ms, p99 %7.2f ms, max %7.2f ms (%d requests)%n", uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), nanos[nanos.length / 2] / 1e6,
                nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6, nanos.length);
    }

    private static long[] time(HttpClient http, URI uri, int requests) throws IOException, InterruptedException {
        long[] nanos = new long[requests];
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
        }
        return nanos;
    }

    /** One release a process, each with a listed firm's UK arm as its supplier, so that each raises one alert. */
    private static Path writeReleases(Path file, int count) throws IOException {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                out.write("""
                        {"ocid": "ocds-bench-api-%07d", "id": "1", "date": "%s", "buyer": {"name": "Bench Council %d"}, \
                        "awards": [{"id": "1", "suppliers": [{"name": "Hikvision UK Ltd"}]}]}
                        """.formatted(i, base.plusSeconds(60L * i), i % 500));
            }
        }
        return file;
    }

    /** Waits until the alerts topic holds at least {@code count} committed alerts, showing progress; how many it holds. */
    private static long awaitAlerts(String bootstrapServers, int count) {
        BenchProgress progress = new BenchProgress(System.err, count);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "procwatch-bench-api-count", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS.name()));
            long seen = 0;
            while (seen < count) {
                seen += consumer.poll(Duration.ofMillis(500)).count();
                progress.show("alerts raised", seen);
            }
            return seen;
        }
    }
}
