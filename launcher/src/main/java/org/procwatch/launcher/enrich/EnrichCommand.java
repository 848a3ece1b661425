package org.procwatch.launcher.enrich;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.procwatch.enrich.app.EnrichApp;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.topology.EnrichSettings;
import org.procwatch.enrich.topology.EnrichTopics;
import org.procwatch.launcher.cli.ExternalServices;
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

    private static final Logger log = LoggerFactory.getLogger(EnrichCommand.class);

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

    @Option(names = "--extensions-dir", paramLabel = "DIR",
            description = "Local copies of OCDS extensions' release-schema.json files, for their merge rules.")
    Path extensionsDir;

    @Override
    public Integer call() throws Exception {
        EnrichSettings settings = new EnrichSettings(applicationId, services.bootstrapServers(), stateDir, watchlistCheck,
                extensionsDir == null ? ExtensionSchemas.none() : ExtensionSchemas.in(extensionsDir), Map.of());
        EnrichApp app = EnrichApp.start(EnrichTopics.standard(), services.schemaRegistry(), settings);
        Thread shutdown = new Thread(app::close, "procwatch-enrich-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        boolean failed = app.awaitStop();
        if (failed) {
            log.error("Enrich stopped after an error; see the log above. The next start resumes where it stopped.");
            return 1;
        }
        return 0;
    }
}
