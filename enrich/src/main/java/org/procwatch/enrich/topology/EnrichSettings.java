package org.procwatch.enrich.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.procwatch.enrich.ocds.ExtensionSchemas;

/**
 * How the enrich app runs.
 *
 * @param applicationId    the Kafka Streams application id: instances with the same id share the work
 * @param bootstrapServers Kafka
 * @param stateDir         where the state stores live
 * @param watchlistCheck   how often each task looks for watchlist changes to screen stored contracts against
 * @param extensionSchemas local copies of OCDS extensions' release schemas, for their merge rules
 * @param clientOverrides  further Kafka client or Streams settings (security, tuning), applied last
 * @param applicationServer this instance's HTTP API as {@code host:port}, for other instances to ask it; null when alone
 */
public record EnrichSettings(String applicationId, String bootstrapServers, Path stateDir, Duration watchlistCheck,
                             ExtensionSchemas extensionSchemas, Map<String, Object> clientOverrides, String applicationServer) {

    public static final String DEFAULT_APPLICATION_ID = "procwatch-enrich";
    public static final Duration DEFAULT_WATCHLIST_CHECK = Duration.ofSeconds(2);

    public EnrichSettings {
        clientOverrides = Map.copyOf(clientOverrides);
    }

    public EnrichSettings(String applicationId, String bootstrapServers, Path stateDir, Duration watchlistCheck,
                          ExtensionSchemas extensionSchemas, Map<String, Object> clientOverrides) {
        this(applicationId, bootstrapServers, stateDir, watchlistCheck, extensionSchemas, clientOverrides, null);
    }

    /** The defaults, for an app on these brokers with its state in {@code stateDir}. */
    public static EnrichSettings defaults(String bootstrapServers, Path stateDir) {
        return new EnrichSettings(DEFAULT_APPLICATION_ID, bootstrapServers, stateDir, DEFAULT_WATCHLIST_CHECK, ExtensionSchemas.none(),
                Map.of());
    }

    /** These settings with further Kafka client or Streams settings. */
    public EnrichSettings withOverrides(Map<String, Object> overrides) {
        return new EnrichSettings(applicationId, bootstrapServers, stateDir, watchlistCheck, extensionSchemas, overrides, applicationServer);
    }

    /** These settings for an instance whose HTTP API other instances reach at {@code hostAndPort}. */
    public EnrichSettings servedAt(String hostAndPort) {
        return new EnrichSettings(applicationId, bootstrapServers, stateDir, watchlistCheck, extensionSchemas, clientOverrides, hostAndPort);
    }
}
