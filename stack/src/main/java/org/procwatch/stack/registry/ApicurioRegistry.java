package org.procwatch.stack.registry;

import org.procwatch.stack.files.PrivateFolders;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.procwatch.stack.process.ChildProcess;
import org.procwatch.stack.process.ParentWatch;
import org.procwatch.stack.process.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry, run from its distribution on Maven Central in its own JVM, bound to 127.0.0.1, with
 * its storage in a file database under the data folder (so schema ids survive restarts) and BACKWARD as
 * the global compatibility rule. procwatch uses it only through its Confluent-compatible API.
 */
public final class ApicurioRegistry extends ServiceProcess {

    /** Where the build unpacks the distribution; set by ./procwatch and by the test configuration. */
    public static final String HOME_PROPERTY = "procwatch.apicurio.home";
    public static final String HOME_ENV = "PROCWATCH_APICURIO_HOME";

    private static final Logger log = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final Path distribution;
    private final Path home;
    private final int port;
    private final int managementPort;
    private final Map<String, String> settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param distribution   the unpacked Apicurio Registry distribution (holding quarkus-run.jar)
     * @param home           the registry's folder: its database and log file
     * @param port           the API port
     * @param managementPort the port of its health endpoints
     */
    public ApicurioRegistry(Path distribution, Path home, int port, int managementPort) {
        this(distribution, home, port, managementPort, Map.of());
    }

    /**
     * A registry with settings of its own beside these (Apicurio's configuration keys, e.g. its kafkasql storage's,
     * given as system properties), for tests of a deployment's registry.
     */
    public ApicurioRegistry(Path distribution, Path home, int port, int managementPort, Map<String, String> settings) {
        super("Apicurio Registry");
        this.distribution = distribution;
        this.home = home;
        this.port = port;
        this.managementPort = managementPort;
        this.settings = Map.copyOf(settings);
    }

    /** The distribution named by {@value #HOME_PROPERTY} or {@value #HOME_ENV}, checked to be complete. */
    public static Path locateDistribution() {
        String configured = System.getProperty(HOME_PROPERTY, System.getenv(HOME_ENV));
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("Where Apicurio Registry is unpacked is not set: run procwatch through ./procwatch, "
                    + "or set -D" + HOME_PROPERTY + " (or " + HOME_ENV + ") to stack/target/apicurio-registry after './mvnw package'.");
        }
        Path path = Path.of(configured);
        if (!Files.isRegularFile(path.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("No Apicurio Registry distribution at " + path.toAbsolutePath()
                    + " (quarkus-run.jar missing). Build it with './mvnw -pl stack package' or let ./procwatch build it.");
        }
        return path;
    }

    /** The base URL of the Confluent-compatible API, what Confluent-API clients are given. */
    public String confluentApiUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public void start() throws IOException {
        PrivateFolders.create(home);
        // Started with -cp rather than -jar, so the jar manifest's Add-Opens and native access are given here.
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xms64m", "-Xmx256m", "-Djava.awt.headless=true",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.rules.global.compatibility=BACKWARD",
                "-Dapicurio.datasource.url=jdbc:h2:file:" + home.resolve("registry").toAbsolutePath()));
        settings.forEach((key, value) -> jvm.add("-D" + key + "=" + value));
        String classpath = distribution.resolve("quarkus-run.jar") + java.io.File.pathSeparator + parentWatchLocation();
        long started = System.nanoTime();
        started(ChildProcess.start("Apicurio Registry",
                ChildProcess.javaCommand(jvm, classpath, QUARKUS_MAIN, List.of()), home, home.resolve("registry.log")));
        HttpRequest.Builder ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready")).GET();
        awaitReady("become ready", START_TIMEOUT, () -> status(ready) == 200);
        ensureBackwardRule();
        log.info("Schema registry ready at {} in {} ms (log: {})", confluentApiUrl(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), process().logFile());
    }

    /** The start-up property sets the rule; checking through the API proves it, and sets it where it did not take. */
    private void ensureBackwardRule() {
        URI config = URI.create(confluentApiUrl() + "/config");
        String level = get(config);
        if (level.contains("\"BACKWARD\"")) {
            return;
        }
        int status = status(HttpRequest.newBuilder(config)
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\": \"BACKWARD\"}")));
        if (status != 200) {
            throw new IllegalStateException("Could not set the registry's global compatibility rule to BACKWARD (HTTP " + status + ")");
        }
    }

    private String get(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body()).toString();
        } catch (IOException e) {
            throw new IllegalStateException("Apicurio Registry did not answer GET " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private int status(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static Path parentWatchLocation() {
        try {
            return Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate procwatch's own classes", e);
        }
    }
}
