package org.procwatch.launcher.ingest;

import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.launcher.http.ApiServer;
import org.procwatch.launcher.http.HealthApi;
import org.procwatch.launcher.poll.Harvest;

/**
 * One harvest run by an {@code ingest} command ({@code poll}, {@code lists}), with, when a port is given, its
 * {@code /ready}, {@code /api/status} (what the writer produced and the harvest's status) and {@code /metrics}.
 */
final class HarvestRun {

    private HarvestRun() {
    }

    /**
     * @param app      the app's name in its health answers
     * @param httpHost the address the health server listens on
     * @param httpPort the health server's port; 0 for none
     * @return what {@link Harvest#run} said: whether everything asked was harvested
     */
    static boolean run(String app, String httpHost, int httpPort, Harvest harvest, IngestWriter writer) throws IOException, InterruptedException {
        MeterBinder metrics = registry -> {
            writer.metrics().bindTo(registry);
            harvest.metrics().bindTo(registry);
        };
        try (ApiServer health = httpPort == 0 ? null
                : HealthApi.start(httpHost, httpPort, app, () -> true, () -> status(harvest, writer), metrics)) {
            return harvest.run();
        }
    }

    private static Map<String, Object> status(Harvest harvest, IngestWriter writer) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("source", harvest.source());
        status.put("produced", writer.produced());
        status.put("alreadyIngested", writer.skipped());
        status.put("deadLetters", writer.deadLetters());
        status.put("harvest", Map.of(harvest.source(), harvest.status()));
        return status;
    }
}
