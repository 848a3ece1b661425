package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.process.Ports;

/**
 * {@code procwatch run} as a user starts it: the packaged launcher in a separate process, checked from
 * outside through its HTTP API and with ordinary Kafka, registry and PostgreSQL clients; then killed, and
 * restarted on its data.
 */
class RunCommandIT {

    @TempDir
    Path dataDir;

    private final int httpPort = Ports.preferredOrFree(0);
    private RunningProcwatch procwatch;

    @AfterEach
    void stop() throws InterruptedException {
        if (procwatch != null) {
            procwatch.stop();
        }
    }

    @Test
    void shouldServeReadyAndStatusNamingServicesThatRealClientsCanUse() throws Exception {
        Path inputs = Files.createDirectories(dataDir.resolve("inputs"));
        Files.writeString(inputs.resolve("notices.json"), """
                {"version": "1.1", "releases": [{"ocid": "ocds-it-1", "id": "1", "date": "2024-01-01"},
                                                {"ocid": "ocds-it-2", "id": "1", "date": "2024-01-02",
                                                 "awards": [{"id": "1", "suppliers": [{"name": "Hikvision UK Ltd"}]}]}]}
                """);
        Files.writeString(inputs.resolve("answers.csv"), """
                request_id,body_name,body_type,region,response_date,outcome,hikvision,dahua,other_vendors,capabilities,source_url
                it-1,Riverside Academy,secondary_school,,,answered,yes,no,,,
                """);
        List<String> options = new ArrayList<>(RunningProcwatch.freeServicePorts());
        options.addAll(List.of("--input", inputs.toString()));
        start(options);

        procwatch.awaitReady();
        JsonNode status = procwatch.getJson("/api/status");
        String kafka = status.path("kafka").asText();
        String registry = status.path("schemaRegistry").asText();
        String jdbcUrl = status.path("jdbcUrl").asText();

        assertThat(kafka).startsWith("127.0.0.1:");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .containsAll(Topics.all().stream().map(t -> t.name()).toList());
        }
        assertThat(registry).startsWith("http://127.0.0.1:").endsWith("/apis/ccompat/v7");
        assertThat(RunningProcwatch.get(URI.create(registry + "/subjects")).statusCode()).isEqualTo(200);
        try (var connection = DriverManager.getConnection(jdbcUrl);
             var result = connection.createStatement().executeQuery("SELECT current_database()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("procwatch");
        }
        assertThat(jdbcUrl).as("the analysts' read-only login").contains("user=analyst&password=");
        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl).createStatement().execute("DROP TABLE contracts"))
                .hasFieldOrPropertyWithValue("SQLState", "25006");
        String asSuperuser = jdbcUrl.substring(0, jdbcUrl.indexOf('?')) + "?user=postgres";
        assertThatThrownBy(() -> DriverManager.getConnection(asSuperuser)).as("a local user without the password")
                .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("password");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode topics = procwatch.getJson("/api/status").path("topics");
            assertThat(topics.path(Topics.RELEASES.name()).asLong()).isEqualTo(2);
            assertThat(topics.path(Topics.FOI_RESPONSES.name()).asLong()).isEqualTo(1);
            assertThat(topics.path(Topics.WATCHLIST.name()).asLong()).as("the bundled watchlist").isEqualTo(30);
            assertThat(topics.path(Topics.CONTRACTS.name()).asLong()).as("compiled by enrich").isEqualTo(2);
            assertThat(topics.path(Topics.ALERTS.name()).asLong()).as("the Hikvision subsidiary as supplier").isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode alerts = procwatch.getJson("/api/alerts?entity=hikvision");
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.path("ocid").asText()).isEqualTo("ocds-it-2");
                assertThat(alert.path("supplier").asText()).isEqualTo("Hikvision UK Ltd");
                assertThat(alert.path("evidence")).isNotEmpty();
            });
            assertThat(procwatch.getJson("/api/contracts/ocds-it-2").path("vendorLinks")).isNotEmpty();
            HttpResponse<String> atom = RunningProcwatch.get(URI.create(procwatch.url("/api/alerts.atom?entity=hikvision")));
            assertThat(atom.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/atom+xml"));
            assertThat(atom.body()).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"").contains("urn:procwatch:alert:pw-");
            assertThat(procwatch.getJson("/api/exposure/entities").path(0).path("contracts").asLong()).isEqualTo(1);
            JsonNode foi = procwatch.getJson("/api/foi/summary");
            assertThat(foi.path(foi.size() - 1).path("bodyType").asText()).isEqualTo("all");
            assertThat(foi.path(foi.size() - 1).path("using").asLong()).as("Riverside Academy answered yes").isEqualTo(1);
        });
        assertThat(RunningProcwatch.get(URI.create(procwatch.url("/api/contracts/ocds-unknown"))).statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var connection = DriverManager.getConnection(jdbcUrl);
                 var result = connection.createStatement().executeQuery("SELECT (SELECT count(*) FROM contracts) || ' ' "
                         + "|| (SELECT count(*) FROM alerts) || ' ' || (SELECT count(*) FROM foi_responses)")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).as("contracts, alerts and FOI rows in PostgreSQL").isEqualTo("2 1 1");
            }
        });
    }

    @Test
    void shouldLeaveNoServiceRunningWhenKilledAndResumeOnItsDataWhenRestarted() throws Exception {
        Process process = start(RunningProcwatch.freeServicePorts(), Map.of("PROCWATCH_LOG_FORMAT", "json"));
        procwatch.awaitReady();
        assertLogsAreJsonLines();
        String kafka = procwatch.getJson("/api/status").path("kafka").asText();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DLQ.name(), "key", "kept across restarts")).get(30, TimeUnit.SECONDS);
        }
        List<ProcessHandle> services = process.descendants().toList();
        assertThat(services).isNotEmpty();

        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(services).noneMatch(ProcessHandle::isAlive));
        assertThat(Ports.isFree(Integer.parseInt(kafka.substring(kafka.indexOf(':') + 1)))).isTrue();

        // No ports given: the data folder remembers the ones of the first run.
        process = start(List.of());
        procwatch.awaitReady();
        assertThat(procwatch.getJson("/api/status").path("kafka").asText()).isEqualTo(kafka);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(procwatch.getJson("/api/status").path("topics").path(Topics.DLQ.name()).asLong()).isEqualTo(1));
    }

    private Process start(List<String> options) throws IOException {
        return start(options, Map.of());
    }

    private Process start(List<String> options, Map<String, String> environment) throws IOException {
        procwatch = new RunningProcwatch(dataDir, httpPort);
        List<String> all = new ArrayList<>(List.of("--no-samples"));
        all.addAll(options);
        return procwatch.start(all, environment);
    }

    /** With PROCWATCH_LOG_FORMAT=json, each log event is one JSON object (ECS), as log collectors take them. */
    private void assertLogsAreJsonLines() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(procwatch.logFile())) {
            if (line.startsWith("{")) {
                events.add(json.readTree(line));
            }
        }
        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.path("@timestamp").asText()).isNotEmpty();
            assertThat(event.path("log.level").asText()).isNotEmpty();
        });
        assertThat(events).anySatisfy(event -> assertThat(event.path("message").asText()).contains("procwatch is running"));
    }

    private JsonNode getJson(int port, String path) throws IOException, InterruptedException {
        return procwatch.getJson(path);
    }
}
