package org.procwatch.launcher.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.procwatch.enrich.query.EnrichQueries;
import org.procwatch.enrich.query.QueryBusyException;
import org.procwatch.enrich.query.QueryUnavailableException;
import org.procwatch.enrich.review.ReviewLog;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.Review;
import org.procwatch.sink.delivery.AtomFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * procwatch's HTTP API (CONTRACTS section 2) and the dashboard at {@code /}. It starts before the services
 * it reports on, answering 503 on {@code /ready} until they are up, so an orchestrator can poll it from the
 * first second.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private static final String DASHBOARD = "/org/procwatch/launcher/dashboard";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** Alerts listed when a request does not say how many. */
    static final int DEFAULT_ALERT_LIMIT = 100;

    private final Javalin app;
    private final Readiness readiness;
    private final PrometheusMeterRegistry meters = Meters.create();
    private volatile Supplier<Map<String, Object>> status;
    private volatile EnrichQueries enrich;
    private volatile String withoutEnrich;
    private volatile ApiTokens tokens = ApiTokens.none();
    private volatile Consumer<Review> reviewLog;

    private ApiServer(String host, int port, Readiness readiness, RequestLimit limit) {
        this.readiness = readiness;
        this.app = Javalin.create(config -> {
            configure(config, host, port);
            routes(config.routes, limit);
        });
    }

    /**
     * What every answer carries: the dashboard's page, style and script come from here and nothing else may run in it
     * (a record's text that slipped into markup still could not run a script), no page may frame it, answers are not
     * taken for another type than they say, and no link followed from it tells the other site where it was.
     */
    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Starts serving on {@code host:port}; port 0 picks a free port. */
    public static ApiServer start(String host, int port, Readiness readiness) {
        return start(host, port, readiness, RequestLimit.DEFAULT);
    }

    static ApiServer start(String host, int port, Readiness readiness, RequestLimit limit) {
        ApiServer server = new ApiServer(host, port, readiness, limit);
        server.app.start();
        return server;
    }

    private static void configure(JavalinConfig config, String host, int port) {
        config.startup.showJavalinBanner = false;
        config.jetty.host = host;
        config.jetty.port = port;
        config.http.defaultContentType = "application/json";
        // The only body taken is a review's, a few lines.
        config.http.maxRequestSize = ReviewRequests.MAX_BODY_BYTES;
        config.concurrency.useVirtualThreads = true;
        // The dashboard at /: its page, style and script come with procwatch, nothing from elsewhere.
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = DASHBOARD;
            files.location = Location.CLASSPATH;
            // Named with their charset: left to Jetty, the type says "charset=null".
            files.mimeTypes.add("text/html; charset=utf-8", "html");
            files.mimeTypes.add("text/css; charset=utf-8", "css");
            files.mimeTypes.add("text/javascript; charset=utf-8", "js");
        });
    }

    private void routes(RoutesConfig app, RequestLimit limit) {
        ApiServer server = this;
        app.before(ApiServer::securityHeaders);
        app.before(limit::enter);
        app.after(limit::leave);
        // Read-only but for reviews, which need a token: no other request than a read is taken.
        app.before(ctx -> {
            boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD || ctx.method() == HandlerType.OPTIONS;
            boolean review = ctx.method() == HandlerType.POST && ctx.path().equals("/api/reviews");
            if (!read && !review) {
                throw new HttpResponseException(HttpStatus.METHOD_NOT_ALLOWED.getCode(),
                        "procwatch's HTTP API is read-only, but for POST /api/reviews");
            }
        });
        app.get("/ready", server::ready);
        app.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(server.meters.scrape()));
        app.get("/api/status", server::status);
        app.get("/api/contracts/{ocid}", server::contract);
        app.get("/api/alerts", server::alerts);
        app.get("/api/alerts.atom", server::alertsAtom);
        app.post("/api/reviews", server::postReview);
        app.get("/api/reviews", ctx -> {
            Page page = Page.of(ctx, DEFAULT_ALERT_LIMIT);
            page.answer(ctx, server.enrich().reviews(ctx.queryParam("ocid"), page.end() + 1));
        });
        app.get("/api/exposure/buyers", ctx -> {
            Page page = Page.of(ctx, Page.MAX_LIMIT);
            page.answer(ctx, server.enrich().exposureByBuyer(bodyType(ctx), page.rowsWanted(), localOnly(ctx)));
        });
        app.get("/api/exposure/entities", ctx -> {
            Page page = Page.of(ctx, Page.MAX_LIMIT);
            page.answer(ctx, server.enrich().exposureByEntity(bodyType(ctx), page.rowsWanted(), localOnly(ctx)));
        });
        app.get("/api/foi/summary", ctx -> ctx.json(server.enrich().foi().summary(localOnly(ctx))));
        app.get("/api/foi/responses", ctx -> {
            String body = ctx.queryParamAsClass("body", String.class).check(name -> name != null && !name.isBlank(), "a public body's name is required").get();
            Page.of(ctx, Page.MAX_LIMIT).answer(ctx, server.enrich().foi().responsesOf(body, localOnly(ctx)));
        });
        app.get("/api/foi/requests", ctx -> {
            Page page = Page.of(ctx, Page.MAX_LIMIT);
            page.answer(ctx, server.enrich().foi().requests(bodyType(ctx), using(ctx), page.rowsWanted(), localOnly(ctx)));
        });
        app.get("/api/foi/bodies", ctx -> Page.of(ctx, Page.MAX_LIMIT).answer(ctx, server.enrich().foi().bodies(bodyType(ctx),
                ctx.queryParam("body"), "true".equals(ctx.queryParam("contradictions")), localOnly(ctx))));
        app.exception(ReviewLog.ReviewNotRecordedException.class, (e, ctx) ->
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", "the review was not recorded; send it again shortly")));
        app.exception(QueryUnavailableException.class, (e, ctx) -> {
            // What was unavailable names replicas' addresses and stores: for the log, not for whoever asks.
            log.info("Answered 503 to {}: {}", ctx.endpoint().path, e.getMessage());
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", "not ready: the data is loading or a replica is away; ask again shortly"));
        });
        app.exception(QueryBusyException.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", e.getMessage()));
        });
        // Javalin's own refusals (unknown path, wrong method) and handlers' NotFoundResponse etc. alike.
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(Map.of("error", e.getMessage())));
        app.exception(IllegalArgumentException.class, (e, ctx) ->
                ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())));
        // A query parameter that fails its check (e.g. ?limit=-1): the check's message, in our error shape.
        app.exception(ValidationException.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error",
                e.getErrors().entrySet().stream().map(error -> error.getKey() + ": " + error.getValue().stream()
                        .map(ValidationError::getMessage).collect(Collectors.joining(", "))).collect(Collectors.joining("; ")))));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("Request {} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error: " + e.getClass().getSimpleName()));
        });
    }

    public int port() {
        return app.port();
    }

    /** Where this process's meters go: {@code /metrics} serves them in Prometheus' text format. */
    public MeterRegistry meters() {
        return meters;
    }

    /** Supplies the body of {@code /api/status} once the services are up. */
    public void status(Supplier<Map<String, Object>> status) {
        this.status = status;
    }

    /**
     * For an app that runs apart from enrich (sink, ingest): its {@code /ready} and {@code /api/status} only;
     * the tables' paths say where they are served instead of waiting for an enrich that never comes.
     */
    public void withoutEnrich(String app) {
        this.withoutEnrich = app;
    }

    /** Serves the enrich app's tables once it runs. */
    public void enrich(EnrichQueries queries) {
        this.enrich = queries;
    }

    /**
     * Takes reviews from the holders of these tokens, recorded by {@code log} (a {@link ReviewLog}) before the answer;
     * without tokens {@code POST /api/reviews} answers 403.
     */
    public void reviews(ApiTokens tokens, Consumer<Review> log) {
        this.tokens = tokens;
        this.reviewLog = log;
    }

    @Override
    public void close() {
        app.stop();
        meters.close();
    }

    private EnrichQueries enrich() {
        EnrichQueries current = enrich;
        if (current == null && withoutEnrich != null) {
            throw new NotFoundResponse("this is procwatch " + withoutEnrich + "; contracts, alerts and tables are served by procwatch enrich");
        }
        if (current == null) {
            throw new QueryUnavailableException("the enrich stage is starting");
        }
        return current;
    }

    private void contract(Context ctx) {
        String ocid = ctx.pathParam("ocid");
        ctx.json(enrich().contract(ocid, localOnly(ctx))
                .orElseThrow(() -> new NotFoundResponse("no contracting process " + ocid + " is known")));
    }

    /** {@code POST /api/reviews}: 403 without configured tokens, 401 without a valid one, 202 once the review is in its topic. */
    private void postReview(Context ctx) {
        ApiTokens current = tokens;
        if (!current.configured() || reviewLog == null) {
            throw new HttpResponseException(HttpStatus.FORBIDDEN.getCode(),
                    "reviews are off: no API token is configured (--api-token or PROCWATCH_API_TOKEN)");
        }
        Optional<String> reviewer = current.nameOf(ctx.header("Authorization"));
        if (reviewer.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"procwatch\"");
            throw new HttpResponseException(HttpStatus.UNAUTHORIZED.getCode(), "a valid bearer token is required: Authorization: Bearer <token>");
        }
        ReviewRequests.Request request = ReviewRequests.parse(ctx.bodyAsBytes());
        Review review = ReviewRequests.review(request, enrich().contract(request.ocid(), false), reviewer.get(), Instant.now());
        reviewLog.accept(review);
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("reviewId", review.getReviewId(), "recorded", true));
    }

    private void alerts(Context ctx) {
        Page page = Page.of(ctx, DEFAULT_ALERT_LIMIT);
        page.answer(ctx, filteredAlerts(ctx, page, AlertStatus.active));
    }

    /** The alerts of {@code /api/alerts}, with the same filters, as an Atom feed. */
    private void alertsAtom(Context ctx) {
        // Retracted alerts too unless asked otherwise: a feed reader learns of a retraction only from its updated entry.
        Page page = Page.of(ctx, DEFAULT_ALERT_LIMIT);
        String feed = AtomFeed.render(page.of(filteredAlerts(ctx, page, null)), ctx.fullUrl(), Instant.now());
        ctx.contentType("application/atom+xml; charset=utf-8").result(feed);
    }

    /**
     * The newest alerts through the end of the page, and one more to tell whether another page follows.
     *
     * @param byDefault the status listed when the request names none, null for both
     */
    private List<JsonNode> filteredAlerts(Context ctx, Page page, AlertStatus byDefault) {
        String bodyType = bodyType(ctx);
        Instant since = since(ctx.queryParam("since"));
        return enrich().alerts(since, page.rowsWanted(), ctx.queryParam("entity"), bodyType, status(ctx, byDefault), localOnly(ctx));
    }

    /** The {@code status} filter: {@code active}, {@code retracted}, or {@code all} (null); {@code byDefault} when not given. */
    private static AlertStatus status(Context ctx, AlertStatus byDefault) {
        String status = ctx.queryParam("status");
        if (status == null || status.isBlank()) {
            return byDefault;
        }
        if (status.equals("all")) {
            return null;
        }
        return Arrays.stream(AlertStatus.values()).filter(each -> each.name().equals(status)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("status must be active, retracted or all"));
    }

    /** {@code since} as an instant ({@code 2026-01-05T09:00:00Z}) or a day ({@code 2026-01-05}, from its start, UTC). */
    private static Instant since(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return since.length() == 10 ? LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be a date (2026-01-05) or an instant (2026-01-05T09:00:00Z), not " + since);
        }
    }

    /** The {@code bodyType} filter, one of CONTRACTS section 5's body types, or null. */
    private static String bodyType(Context ctx) {
        String bodyType = ctx.queryParam("bodyType");
        if (bodyType != null && Arrays.stream(BodyType.values()).noneMatch(type -> type.name().equals(bodyType))) {
            throw new IllegalArgumentException("bodyType must be one of " + Arrays.toString(BodyType.values()));
        }
        return bodyType;
    }

    /** {@code ?using=true|false}, or null when not given. */
    private static Boolean using(Context ctx) {
        String using = ctx.queryParam("using");
        if (using == null) {
            return null;
        }
        if (!using.equals("true") && !using.equals("false")) {
            throw new IllegalArgumentException("using must be true or false");
        }
        return Boolean.valueOf(using);
    }

    /** Another instance asking for this one's part only. */
    static boolean localOnly(Context ctx) {
        return "true".equals(ctx.queryParam("local"));
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
