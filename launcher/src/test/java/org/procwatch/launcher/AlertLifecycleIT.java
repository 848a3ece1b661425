package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.stack.process.Ports;

/**
 * The alert lifecycle end to end on the real stack (CONTRACTS sections 2, 7 and 8): {@code ingest lists} applies
 * a US Consolidated Screening List file to a running {@code procwatch run}, alerts are raised; a newer list removes one
 * firm, changes another and adds a third, and the removed firm's alert is retracted, never deleted (the API, the
 * exposure table, PostgreSQL and an {@code alert.retracted} webhook say so); an analyst's false-positive review,
 * taken only with the token, retracts another.
 */
class AlertLifecycleIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private RunningProcwatch procwatch;
    private HttpServer receiver;
    private final List<String> deliveries = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (procwatch != null) {
            procwatch.stop();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void shouldRetractTheAlertsOfADelistedFirmAndOfAReviewedFalsePositiveAndKeepThem() throws Exception {
        startReceiver();
        Path subscriptions = Files.writeString(dataDir.resolve("subscriptions.yaml"), """
                - id: desk
                  url: http://127.0.0.1:%d/hook
                  secret: desk-secret
                  allowPrivateNetwork: true
                """.formatted(receiver.getAddress().getPort()));
        Path contracts = Files.writeString(dataDir.resolve("contracts.jsonl"), String.join("\n",
                contract("ocds-b5fd17-acme", "Northshire Police", "Acme Surveillance Ltd"),
                contract("ocds-b5fd17-zenith", "Riverside Academy", "Zenith Vision Ltd"),
                contract("ocds-b5fd17-northgate", "Anytown Borough Council", "Northgate Optics Ltd"),
                contract("ocds-b5fd17-hik", "Kingsbridge Grammar School", "Hikvision UK Ltd")) + "\n");
        procwatch = new RunningProcwatch(dataDir, Ports.preferredOrFree(0));
        List<String> options = new ArrayList<>(RunningProcwatch.freeServicePorts());
        options.addAll(List.of("--no-samples", "--input", "ocds:" + contracts, "--subscriptions", subscriptions.toString()));
        procwatch.start(options, Map.of("PROCWATCH_API_TOKEN", "desk:" + TOKEN));
        procwatch.awaitReady();
        JsonNode status = procwatch.getJson("/api/status");

        ingestList(status, csl(entry("acme1", "Acme Surveillance Limited"), entry("zenith1", "Zenith Vision Limited")), "v1");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(active()).containsKeys("us-csl:acme1", "us-csl:zenith1", "hikvision"));
        String acmeAlert = active().get("us-csl:acme1").path("alertId").asText();
        assertThat(active().get("us-csl:acme1").path("lists")).as("each list with the date the CSL gives it")
                .extracting(list -> list.path("name").asText() + " " + list.path("version").asText())
                .containsExactlyInAnyOrder("us-csl 2026-11-30", "us-csl:EL 2026-11-30");
        await().atMost(PATIENCE).until(() -> deliveries.contains(acmeAlert + ":alert.raised"));

        // Acme delisted, Zenith's entry changed (an alias more), Northgate listed.
        ingestList(status, csl(entry("zenith1", "Zenith Vision Limited", "Zenith Optical"), entry("northgate1", "Northgate Optics Limited")),
                "v2");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(active()).containsKeys("us-csl:zenith1", "us-csl:northgate1", "hikvision").doesNotContainKey("us-csl:acme1");
            assertThat(retracted()).containsKey("us-csl:acme1");
        });
        JsonNode retraction = retracted().get("us-csl:acme1");
        assertThat(retraction.path("alertId").asText()).as("the same alert, retracted").isEqualTo(acmeAlert);
        assertThat(retraction.path("retractReason").asText()).isEqualTo("delisted");
        assertThat(retraction.path("retractedAt").asText()).isNotBlank();
        await("the exposure table, a repartition behind the alerts").atMost(PATIENCE).untilAsserted(() ->
                assertThat(StreamSupport.stream(procwatch.getJson("/api/exposure/entities").spliterator(), false)
                        .map(row -> row.path("entityId").asText())).contains("us-csl:zenith1", "us-csl:northgate1").doesNotContain("us-csl:acme1"));
        await().atMost(PATIENCE).until(() -> deliveries.contains(acmeAlert + ":alert.retracted"));
        String jdbcUrl = status.path("jdbcUrl").asText();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(query(jdbcUrl, "SELECT status || ' ' || retract_reason FROM alerts WHERE alert_id = '" + acmeAlert + "'"))
                    .hasValue("retracted delisted");
            assertThat(query(jdbcUrl, "SELECT count(*) FROM exposure_by_entity WHERE entity_id = 'us-csl:acme1'")).hasValue("0");
        });

        // A review: refused without the token, taken with it; the link it judged is a false positive.
        String review = "{\"ocid\": \"ocds-b5fd17-hik\", \"entityId\": \"hikvision\", \"decision\": \"false_positive\","
                + " \"note\": \"another firm of the same name\"}";
        assertThat(post("/api/reviews", review, null).statusCode()).isEqualTo(401);
        HttpResponse<String> taken = post("/api/reviews", review, "Bearer " + TOKEN);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(202);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(retracted()).containsKey("hikvision"));
        assertThat(retracted().get("hikvision").path("retractReason").asText()).isEqualTo("review");
        assertThat(procwatch.getJson("/api/reviews")).singleElement().satisfies(recorded -> {
            assertThat(recorded.path("reviewer").asText()).isEqualTo("desk");
            assertThat(recorded.path("decision").asText()).isEqualTo("false_positive");
            assertThat(recorded.path("note").asText()).isEqualTo("another firm of the same name");
            assertThat(recorded.path("evidence")).isNotEmpty();
        });
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(query(jdbcUrl, "SELECT reviewer || ' ' || decision FROM reviews")).hasValue("desk false_positive"));
        assertThat(procwatch.getJson("/api/alerts?status=all")).as("nothing deleted").hasSize(4);
    }

    private void ingestList(JsonNode status, String csl, String name) throws IOException, InterruptedException {
        Path file = Files.writeString(dataDir.resolve("csl-" + name + ".json"), csl);
        Process ingest = new ProcessBuilder(RunningProcwatch.launcher(List.of("ingest", "lists", "--source", "us-csl",
                "--url", file.toUri().toString(), "--bootstrap-servers", status.path("kafka").asText(),
                "--schema-registry-url", status.path("schemaRegistry").asText())))
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("ingest-lists-" + name + ".log").toFile()).start();
        assertThat(ingest.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(ingest.exitValue()).as(Files.readString(dataDir.resolve("ingest-lists-" + name + ".log"))).isZero();
    }

    /** The alerts of a status, by listed entity id. */
    private Map<String, JsonNode> alerts(String status) throws IOException, InterruptedException {
        Map<String, JsonNode> byEntity = new java.util.HashMap<>();
        procwatch.getJson("/api/alerts?status=" + status).forEach(alert -> byEntity.put(alert.path("listedEntityId").asText(), alert));
        return byEntity;
    }

    private Map<String, JsonNode> active() throws IOException, InterruptedException {
        return alerts("active");
    }

    private Map<String, JsonNode> retracted() throws IOException, InterruptedException {
        return alerts("retracted");
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(procwatch.url(path))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> query(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? Optional.ofNullable(result.getString(1)) : Optional.empty();
        }
    }

    private void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            deliveries.add(exchange.getRequestHeaders().getFirst("X-Procwatch-Delivery"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    private static String contract(String ocid, String buyer, String supplier) {
        return """
                {"ocid": "%s", "id": "%s-award", "date": "2026-02-01T00:00:00Z", "tag": ["award"], "buyer": {"name": "%s"}, \
                "awards": [{"id": "1", "value": {"amount": 12000, "currency": "GBP"}, "suppliers": [{"id": "S1", "name": "%s"}]}]}"""
                .formatted(ocid, ocid, buyer, supplier);
    }

    /** A Consolidated Screening List download, shaped as trade.gov serves it. */
    private static String csl(String... entries) {
        return """
                {"total": %d, "sources_used": [{"source": "Entity List (EL) - Bureau of Industry and Security", "source_last_updated": "2026-11-30"}],
                 "results": [%s]}""".formatted(entries.length, String.join(",\n", entries));
    }

    private static String entry(String id, String name, String... aliases) {
        String alternatives = String.join(", ", java.util.Arrays.stream(aliases).map(alias -> "\"" + alias + "\"").toList());
        return """
                {"id": "%s", "source": "Entity List (EL) - Bureau of Industry and Security", "type": null, "programs": [], "name": "%s",
                 "addresses": [{"address": "1 Example Road", "city": "Shenzhen", "country": "CN"}], "federal_register_notice": "89 FR 1",
                 "start_date": "2024-01-01", "end_date": null, "alt_names": [%s], "ids": [],
                 "source_list_url": "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list"}"""
                .formatted(id, name, alternatives);
    }
}
