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
 */
public record EnrichSettings(String applicationId, String bootstrapServers, Path stateDir, Duration watchlistCheck,
                             ExtensionSchemas extensionSchemas, Map<String, Object> clientOverrides) {

    public static final String DEFAULT_APPLICATION_ID = "procwatch-enrich";
    public static final Duration DEFAULT_WATCHLIST_CHECK = Duration.ofSeconds(2);

    public EnrichSettings {
        clientOverrides = Map.copyOf(clientOverrides);
    }

    /** The defaults, for an app on these brokers with its state in {@code stateDir}. */
    public static EnrichSettings defaults(String bootstrapServers, Path stateDir) {
        return new EnrichSettings(DEFAULT_APPLICATION_ID, bootstrapServers, stateDir, DEFAULT_WATCHLIST_CHECK, ExtensionSchemas.none(),
                Map.of());
    }

    public EnrichSettings withApplicationId(String id) {
        return new EnrichSettings(id, bootstrapServers, stateDir, watchlistCheck, extensionSchemas, clientOverrides);
    }

    public EnrichSettings withOverrides(Map<String, Object> overrides) {
        return new EnrichSettings(applicationId, bootstrapServers, stateDir, watchlistCheck, extensionSchemas, overrides);
    }
}
