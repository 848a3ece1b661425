package org.procwatch.launcher.http;

import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The HTTP API of an app that runs apart from enrich: {@code /ready} for orchestrators' healthchecks and {@code /api/status}. */
public final class HealthApi {

    private HealthApi() {
    }

    /**
     * @param host    the address to listen on ({@code --http-host})
     * @param app     the app's name, as {@code procwatch <app>}
     * @param running whether the app is up
     * @param status  the body of {@code /api/status}
     * @param metrics the app's meters, for {@code /metrics}
     */
    public static ApiServer start(String host, int port, String app, BooleanSupplier running, Supplier<Map<String, Object>> status,
                                  MeterBinder metrics) {
        Readiness readiness = new Readiness();
        readiness.register(app, running);
        ApiServer api = ApiServer.start(host, port, readiness);
        api.withoutEnrich(app);
        api.status(status);
        metrics.bindTo(api.meters());
        return api;
    }
}
