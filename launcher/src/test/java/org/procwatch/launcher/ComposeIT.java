package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * docker-compose.yml brought up for real, where a Docker engine runs: the image is built, the services
 * start in health order, and a contract with a listed firm's subsidiary as supplier, dropped in the inputs
 * folder, comes out as an alert on the API. The poller of the public APIs is left out: no test reaches
 * the internet. Without an engine (as on the machine procwatch is built on) the test says so and skips.
 */
class ComposeIT {

    private static final Duration PATIENCE = Duration.ofMinutes(15);

    @TempDir
    Path inputs;

    @Test
    void shouldRaiseAnAlertEndToEndInTheComposedStack() throws Exception {
        boolean engine;
        try {
            engine = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            engine = false;
        }
        if (!engine) {
            String reason = "No Docker engine answers here, so docker-compose.yml is checked by ComposeFileTest only; "
                    + "run the suite where `docker info` works to bring it up for real.";
            System.err.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        Files.writeString(inputs.resolve("notices.json"), """
                {"version": "1.1", "releases": [{"ocid": "ocds-compose-1", "id": "1", "date": "2024-01-02",
                  "buyer": {"name": "Riverside Academy"},
                  "awards": [{"id": "1", "suppliers": [{"name": "Hikvision UK Ltd"}]}]}]}
                """);
        Path secrets = Files.createDirectories(inputs.resolveSibling(inputs.getFileName() + "-secrets"));
        for (String secret : List.of("postgres_password", "sink_db_password", "analyst_db_password", "kafka_admin_password",
                "kafka_ingest_password", "kafka_enrich_password", "kafka_sink_password", "kafka_registry_password", "kafka_reader_password",
                "kafka_ui_password", "kafka_tls_password", "kafka_ui_login_password")) {
            Files.writeString(secrets.resolve(secret), secret + "-compose-it-0123456789");
        }
        try (ComposeContainer compose = new ComposeContainer(Path.of("..", "docker-compose.yml").toFile())
                .withBuild(true)
                .withEnv(Map.of("PROCWATCH_SECRETS_DIR", secrets.toString(), "PROCWATCH_INPUTS", inputs.toString(),
                        "PROCWATCH_API_PORTS", "18080-18081", "POSTGRES_PORT", "15432", "REGISTRY_PORT", "18088",
                        "KAFKA_EXTERNAL_PORT", "29093"))
                .withServices("kafka", "setup-kafka-users", "postgres", "registry", "registry-host", "setup", "setup-database", "ingest-files",
                        "enrich", "sink")
                .waitingFor("enrich", Wait.forHealthcheck().withStartupTimeout(PATIENCE))
                .waitingFor("sink", Wait.forHealthcheck().withStartupTimeout(PATIENCE))) {
            compose.start();
            ObjectMapper json = new ObjectMapper();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode alerts = json.readTree(RunningProcwatch.get(URI.create("http://127.0.0.1:18080/api/alerts")).body());
                assertThat(alerts).anySatisfy(alert -> {
                    assertThat(alert.path("ocid").asText()).isEqualTo("ocds-compose-1");
                    assertThat(alert.path("supplier").asText()).isEqualTo("Hikvision UK Ltd");
                });
            });
        }
    }
}
