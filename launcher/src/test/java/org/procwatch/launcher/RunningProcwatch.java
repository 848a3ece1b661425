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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.procwatch.stack.process.Ports;
import org.procwatch.stack.registry.ApicurioRegistry;

/**
 * {@code procwatch run} as a user starts it, for tests: the packaged launcher in a process of its own, its
 * log in the data folder, reached through its HTTP API.
 */
public final class RunningProcwatch {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final int httpPort;
    private Process process;

    public RunningProcwatch(Path dataDir, int httpPort) {
        this.dataDir = dataDir;
        this.httpPort = httpPort;
    }

    /** Free ports, so that a test never meets another procwatch on the usual ones. */
    public static List<String> freeServicePorts() {
        return List.of("--kafka-port", Integer.toString(Ports.preferredOrFree(0)),
                "--schema-registry-port", Integer.toString(Ports.preferredOrFree(0)),
                "--postgres-port", Integer.toString(Ports.preferredOrFree(0)));
    }

    /** Starts {@code procwatch run --data-dir ... --http-port ...} with the options given. */
    public Process start(List<String> options) throws IOException {
        return start(options, Map.of());
    }

    /** Starts {@code procwatch run ...} with the options and environment variables given. */
    Process start(List<String> options, Map<String, String> environment) throws IOException {
        List<String> command = launcher(List.of("run", "--data-dir", dataDir.toString(), "--http-port", Integer.toString(httpPort)));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(dataDir.resolve("logs")).resolve("procwatch.log").toFile()))
                .start();
        return process;
    }

    /** The packaged launcher with these arguments, as {@code ./procwatch} runs it: a missing runtime jar fails here. */
    public static List<String> launcher(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + ApicurioRegistry.HOME_PROPERTY + "=" + System.getProperty(ApicurioRegistry.HOME_PROPERTY),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.procwatch.schemas.avro",
                "-cp", Path.of("target", "procwatch-launcher.jar").toAbsolutePath() + File.pathSeparator
                        + Path.of("target", "lib").toAbsolutePath() + File.separator + "*",
                Main.class.getName()));
        command.addAll(arguments);
        return command;
    }

    Process process() {
        return process;
    }

    public Path logFile() {
        return dataDir.resolve("logs").resolve("procwatch.log");
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    public void awaitReady() throws IOException {
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(process.isAlive()).as("procwatch is running").isTrue();
                assertThat(get(URI.create(url("/ready"))).statusCode()).isEqualTo(200);
            });
        } catch (AssertionError | RuntimeException e) {
            // The data folder goes with the test: its log is shown here, or the reason would be lost.
            List<String> log = Files.readAllLines(logFile());
            System.err.println("procwatch did not become ready (exit code " + (process.isAlive() ? "none, still running" : process.exitValue())
                    + "); the end of its log:\n" + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())));
            throw e;
        }
    }

    public JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(URI.create(url(path)));
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new AssertionError("nothing listens at " + uri, e);
        }
    }

    /**
     * Kills procwatch with SIGKILL, as a crash or the OOM killer would, and waits until its services have
     * gone too: they watch their parent and stop when it dies, so that a restart finds its ports free.
     */
    public void crash() throws InterruptedException {
        List<ProcessHandle> services = process.descendants().toList();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        await("the services of a killed procwatch stop").atMost(Duration.ofSeconds(60))
                .until(() -> services.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** Stops procwatch as Ctrl-C does, and waits for its services too, so that its data folder can be deleted. */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> services = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> services.stream().noneMatch(ProcessHandle::isAlive));
    }
}
