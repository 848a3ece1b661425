package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
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
import org.procwatch.stack.registry.ApicurioRegistry;

/**
 * {@code procwatch run} as a user starts it: the packaged launcher in a separate process, checked from
 * outside through its HTTP API and with ordinary Kafka, registry and PostgreSQL clients; then killed, and
 * restarted on its data.
 */
class RunCommandIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Process procwatch;

    @TempDir
    Path dataDir;

    /** Stops procwatch as Ctrl-C does, and waits for its services too, before the data folder is deleted. */
    @AfterEach
    void stop() throws InterruptedException {
        if (procwatch == null || !procwatch.isAlive()) {
            return;
        }
        List<ProcessHandle> services = procwatch.descendants().toList();
        procwatch.destroy();
        if (!procwatch.waitFor(60, TimeUnit.SECONDS)) {
            procwatch.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> services.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void shouldServeReadyAndStatusNamingServicesThatRealClientsCanUse() throws Exception {
        int httpPort = Ports.preferredOrFree(0);
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
        List<String> options = new java.util.ArrayList<>(freeServicePorts());
        options.addAll(List.of("--input", inputs.toString()));
        procwatch = start(httpPort, options);

        awaitReady(httpPort);
        JsonNode status = getJson(httpPort, "/api/status");
        String kafka = status.path("kafka").asText();
        String registry = status.path("schemaRegistry").asText();
        String jdbcUrl = status.path("jdbcUrl").asText();

        assertThat(kafka).startsWith("127.0.0.1:");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .containsAll(Topics.all().stream().map(t -> t.name()).toList());
        }
        assertThat(registry).startsWith("http://127.0.0.1:").endsWith("/apis/ccompat/v7");
        assertThat(get(URI.create(registry + "/subjects")).statusCode()).isEqualTo(200);
        try (var connection = DriverManager.getConnection(jdbcUrl);
             var result = connection.createStatement().executeQuery("SELECT current_database()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("procwatch");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode topics = getJson(httpPort, "/api/status").path("topics");
            assertThat(topics.path(Topics.RELEASES.name()).asLong()).isEqualTo(2);
            assertThat(topics.path(Topics.FOI_RESPONSES.name()).asLong()).isEqualTo(1);
            assertThat(topics.path(Topics.WATCHLIST.name()).asLong()).as("the bundled watchlist").isEqualTo(30);
            assertThat(topics.path(Topics.CONTRACTS.name()).asLong()).as("compiled by enrich").isEqualTo(2);
            assertThat(topics.path(Topics.ALERTS.name()).asLong()).as("the Hikvision subsidiary as supplier").isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode alerts = getJson(httpPort, "/api/alerts?entity=hikvision");
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.path("ocid").asText()).isEqualTo("ocds-it-2");
                assertThat(alert.path("supplier").asText()).isEqualTo("Hikvision UK Ltd");
                assertThat(alert.path("evidence")).isNotEmpty();
            });
            assertThat(getJson(httpPort, "/api/contracts/ocds-it-2").path("vendorLinks")).isNotEmpty();
            HttpResponse<String> atom = get(URI.create("http://127.0.0.1:" + httpPort + "/api/alerts.atom?entity=hikvision"));
            assertThat(atom.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/atom+xml"));
            assertThat(atom.body()).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"").contains("urn:procwatch:alert:pw-");
            assertThat(getJson(httpPort, "/api/exposure/entities").path(0).path("contracts").asLong()).isEqualTo(1);
            JsonNode foi = getJson(httpPort, "/api/foi/summary");
            assertThat(foi.path(foi.size() - 1).path("bodyType").asText()).isEqualTo("all");
            assertThat(foi.path(foi.size() - 1).path("using").asLong()).as("Riverside Academy answered yes").isEqualTo(1);
        });
        assertThat(get(URI.create("http://127.0.0.1:" + httpPort + "/api/contracts/ocds-unknown")).statusCode()).isEqualTo(404);
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
        int httpPort = Ports.preferredOrFree(0);
        procwatch = start(httpPort, freeServicePorts());
        awaitReady(httpPort);
        String kafka = getJson(httpPort, "/api/status").path("kafka").asText();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DLQ.name(), "key", "kept across restarts")).get(30, TimeUnit.SECONDS);
        }
        List<ProcessHandle> services = procwatch.descendants().toList();
        assertThat(services).isNotEmpty();

        procwatch.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(services).noneMatch(ProcessHandle::isAlive));
        assertThat(Ports.isFree(Integer.parseInt(kafka.substring(kafka.indexOf(':') + 1)))).isTrue();

        // No ports given: the data folder remembers the ones of the first run.
        procwatch = start(httpPort, List.of());
        awaitReady(httpPort);
        assertThat(getJson(httpPort, "/api/status").path("kafka").asText()).isEqualTo(kafka);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(getJson(httpPort, "/api/status").path("topics").path(Topics.DLQ.name()).asLong()).isEqualTo(1));
    }

    /** Free ports, so that the test never meets another procwatch on the usual ones. */
    private static List<String> freeServicePorts() {
        return List.of("--kafka-port", Integer.toString(Ports.preferredOrFree(0)),
                "--schema-registry-port", Integer.toString(Ports.preferredOrFree(0)),
                "--postgres-port", Integer.toString(Ports.preferredOrFree(0)));
    }

    private Process start(int httpPort, List<String> servicePorts) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + ApicurioRegistry.HOME_PROPERTY + "=" + System.getProperty(ApicurioRegistry.HOME_PROPERTY),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.procwatch.schemas.avro",
                // The packaged launcher and its libraries, as ./procwatch runs them: a missing runtime jar fails here.
                "-cp", Path.of("target", "procwatch-launcher.jar").toAbsolutePath() + File.pathSeparator
                        + Path.of("target", "lib").toAbsolutePath() + File.separator + "*",
                Main.class.getName(), "run", "--no-samples",
                "--data-dir", dataDir.toString(), "--http-port", Integer.toString(httpPort)));
        command.addAll(servicePorts);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(dataDir.resolve("logs")).resolve("procwatch.log").toFile()))
                .start();
    }

    private void awaitReady(int httpPort) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(procwatch.isAlive()).as("procwatch is running; see %s", dataDir.resolve("logs/procwatch.log")).isTrue();
            assertThat(get(URI.create("http://127.0.0.1:" + httpPort + "/ready")).statusCode()).isEqualTo(200);
        });
    }

    private JsonNode getJson(int httpPort, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(URI.create("http://127.0.0.1:" + httpPort + path));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new AssertionError("nothing listens at " + uri, e);
        }
    }
}
