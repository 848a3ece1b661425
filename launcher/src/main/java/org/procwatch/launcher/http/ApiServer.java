package org.procwatch.launcher.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * procwatch's HTTP API (CONTRACTS section 2). It starts before the services it reports on, answering
 * 503 on {@code /ready} until they are up, so an orchestrator can poll it from the first second.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;
    private final Readiness readiness;
    private volatile Supplier<Map<String, Object>> status;

    private ApiServer(Javalin app, Readiness readiness) {
        this.app = app;
        this.readiness = readiness;
    }

    /** Starts serving on {@code host:port}; port 0 picks a free port. */
    public static ApiServer start(String host, int port, Readiness readiness) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.defaultContentType = "application/json";
            config.useVirtualThreads = true;
        });
        ApiServer server = new ApiServer(app, readiness);
        app.get("/ready", server::ready);
        app.get("/api/status", server::status);
        // Javalin's own refusals (unknown path, wrong method) and handlers' NotFoundResponse etc. alike.
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(Map.of("error", e.getMessage())));
        app.exception(IllegalArgumentException.class, (e, ctx) ->
                ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("Request {} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error: " + e.getClass().getSimpleName()));
        });
        app.start(host, port);
        return server;
    }

    public int port() {
        return app.port();
    }

    /** Supplies the body of {@code /api/status} once the services are up. */
    public void status(Supplier<Map<String, Object>> status) {
        this.status = status;
    }

    @Override
    public void close() {
        app.stop();
    }

    private void ready(Context ctx) {
        List<String> waitingFor = readiness.notReady();
        if (waitingFor.isEmpty()) {
            ctx.json(Map.of("ready", true));
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", "not ready: waiting for " + String.join(", ", waitingFor)));
        }
    }

    private void status(Context ctx) {
        Supplier<Map<String, Object>> current = status;
        if (current == null) {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", "not ready: the services are starting"));
            return;
        }
        ctx.json(current.get());
    }
}
