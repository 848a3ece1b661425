package org.procwatch.launcher.enrich;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.state.HostInfo;
import org.procwatch.enrich.app.EnrichApp;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.query.EnrichQueries;
import org.procwatch.enrich.query.RemoteQueries;
import org.procwatch.enrich.review.ReviewLog;
import org.procwatch.enrich.topology.EnrichSettings;
import org.procwatch.enrich.topology.EnrichTopics;
import org.procwatch.launcher.cli.ApiTokenOption;
import org.procwatch.launcher.cli.ExternalServices;
import org.procwatch.launcher.cli.HttpHostOption;
import org.procwatch.launcher.http.ApiServer;
import org.procwatch.launcher.http.ApiTokens;
import org.procwatch.launcher.http.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./procwatch enrich}: the enrich app alone against external Kafka and registry, until stopped.
 * Start several with the same {@code --application-id} and they share the work.
 */
@Command(name = "enrich", mixinStandardHelpOptions = true,
        description = "Runs the enrich stage (Kafka Streams: compiled contracts, vendor links, alerts) until stopped.")
public final class EnrichCommand implements Callable<Integer> {

    /** Looked up when first used: picocli makes every command to build the command line, and logging takes a while to set up. */
    private static Logger log() {
        return LoggerFactory.getLogger(EnrichCommand.class);
    }

    @Mixin
    ExternalServices services;

    @Option(names = "--application-id", defaultValue = EnrichSettings.DEFAULT_APPLICATION_ID,
            description = "The Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", defaultValue = "data/enrich-state", paramLabel = "DIR",
            description = "Where the state stores live (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--watchlist-check", defaultValue = "PT2S", paramLabel = "DURATION",
            description = "How often stored contracts are checked against watchlist changes (ISO 8601; default: ${DEFAULT-VALUE}).")
    Duration watchlistCheck;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "N",
            description = "Port of this instance's HTTP API (/ready, /api/contracts, /api/alerts, /api/exposure; default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--advertised-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "The host name other instances reach this one's HTTP API at; 'auto' for this machine's address, as in a "
                    + "container with replicas (default: ${DEFAULT-VALUE}).")
    String advertisedHost;

    @Mixin
    ApiTokenOption apiTokens;

    @Mixin
    HttpHostOption httpHost;

    @Option(names = "--extensions-dir", paramLabel = "DIR",
            description = "Local copies of OCDS extensions' release-schema.json files, for their merge rules.")
    Path extensionsDir;

    @Override
    public Integer call() throws Exception {
        String advertisedHost = "auto".equals(this.advertisedHost) ? InetAddress.getLocalHost().getHostAddress() : this.advertisedHost;
        ApiTokens tokens = apiTokens.read();
        Readiness readiness = new Readiness();
        ApiServer api = ApiServer.start(httpHost.host(), httpPort, readiness);
        EnrichSettings settings = new EnrichSettings(applicationId, services.bootstrapServers(), stateDir, watchlistCheck,
                extensionsDir == null ? ExtensionSchemas.none() : ExtensionSchemas.in(extensionsDir), services.kafkaClient())
                .servedAt(advertisedHost + ":" + api.port());
        EnrichApp app = EnrichApp.start(EnrichTopics.standard(), services.schemaRegistry(), settings);
        readiness.register("enrich", app::isRunning);
        api.enrich(new EnrichQueries(app.streams(), new HostInfo(advertisedHost, api.port()), new RemoteQueries()));
        ReviewLog reviews = tokens.configured()
                ? new ReviewLog(EnrichTopics.standard().reviews(), services.schemaRegistry(), services.bootstrapServers(), services.kafkaClient())
                : null;
        if (reviews != null) {
            api.reviews(tokens, reviews::record);
            log().info("Reviews open to the holders of {} API token(s): POST /api/reviews", tokens.count());
        }
        EnrichMetrics.of(app).bindTo(api.meters());
        log().info("Enrich HTTP API on {}:{}", httpHost.host(), api.port());
        Thread shutdown = new Thread(() -> {
            app.close();
            if (reviews != null) {
                reviews.close();
            }
            api.close();
        }, "procwatch-enrich-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        boolean failed = app.awaitStop();
        if (failed) {
            log().error("Enrich stopped after an error; see the log above. The next start resumes where it stopped.");
            return 1;
        }
        return 0;
    }
}
