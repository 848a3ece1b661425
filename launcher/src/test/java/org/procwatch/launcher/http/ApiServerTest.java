package org.procwatch.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.procwatch.enrich.query.QueryBusyException;
import org.procwatch.schemas.avro.Review;

class ApiServerTest {

    private final Readiness readiness = new Readiness();
    private final ApiServer server = ApiServer.start("127.0.0.1", 0, readiness);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswer503OnReadyUntilEveryCheckPasses() throws Exception {
        assertThat(get("/ready").statusCode()).isEqualTo(503);

        AtomicBoolean kafkaUp = new AtomicBoolean(false);
        readiness.register("kafka", kafkaUp::get);
        readiness.register("registry", () -> true);
        HttpResponse<String> waiting = get("/ready");
        assertThat(waiting.statusCode()).isEqualTo(503);
        assertThat(waiting.body()).contains("\"error\"").contains("kafka").doesNotContain("registry");

        kafkaUp.set(true);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldNotBeReadyWhileAnExpectedPartHasNotStarted() throws Exception {
        readiness.register("kafka", () -> true);
        Readiness.Pending enrich = readiness.expect("enrich");
        assertThat(get("/ready").body()).contains("enrich");

        enrich.checkWith(() -> true);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeSoManyRequestsAtOnceTurningTheNextAwayAndGiveTheRoomBackHoweverARequestEnded() throws Exception {
        try (ApiServer limited = ApiServer.start("127.0.0.1", 0, readiness, RequestLimit.of(2, Duration.ofMillis(200)))) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch inside = new CountDownLatch(2);
            limited.status(() -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.of("ok", true);
            });
            readiness.register("all", () -> true);
            URI status = URI.create("http://127.0.0.1:" + limited.port() + "/api/status");
            var first = http.sendAsync(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString());
            var second = http.sendAsync(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(inside.await(10, TimeUnit.SECONDS)).as("two requests being served").isTrue();

            HttpResponse<String> third = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(third.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(third.body()).contains("busy");

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limited.port() + "/api/alerts"))
                        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as("a request ended by an error").isEqualTo(405);
            }
            assertThat(http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("the room given back by every request, refused or not").isEqualTo(200);
        }
    }

    @Test
    void shouldAnswerAQueryTurnedAwayAsBusyWithRetryAfter() throws Exception {
        readiness.register("all", () -> true);
        server.status(() -> {
            throw new QueryBusyException("busy: as many questions of this kind as may run at once are running; ask again shortly");
        });

        HttpResponse<String> busy = get("/api/status");

        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(busy.body()).contains("busy");
    }

    @Test
    void shouldRefuseEveryRequestThatWouldChangeSomething() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/alerts"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.body()).contains("read-only");
        }
    }

    @Test
    void shouldServeMetricsInPrometheusTextFormat() throws Exception {
        io.micrometer.core.instrument.Counter.builder("procwatch.test.things").register(server.meters()).increment(3);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body()).contains("procwatch_test_things_total 3.0", "jvm_memory_used_bytes");
    }

    @Test
    void shouldSayWhereTheTablesAreServedWhenRunningApartFromEnrich() throws Exception {
        server.withoutEnrich("sink");
        HttpResponse<String> alerts = get("/api/alerts");
        assertThat(alerts.statusCode()).isEqualTo(404);
        assertThat(alerts.body()).contains("procwatch sink", "served by procwatch enrich");
    }

    @Test
    void shouldServeTheDashboardAtTheRootWithItsCharset() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        // Everything from procwatch itself: nothing loaded from another address.
        assertThat(page.body()).contains("<script src=\"dashboard.js\">").doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(get("/dashboard.js").body()).doesNotContainPattern("fetch\\(['`\"](https?:)?//");
    }

    @Test
    void shouldAnswer503OnStatusUntilTheServicesAreUp() throws Exception {
        assertThat(get("/api/status").statusCode()).isEqualTo(503);

        server.status(() -> Map.of("kafka", "127.0.0.1:9092"));

        HttpResponse<String> status = get("/api/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(status.body()).isEqualTo("{\"kafka\":\"127.0.0.1:9092\"}");
    }

    @Test
    void shouldTakeReviewsOnlyWithAValidTokenAndAWellFormedBody() throws Exception {
        String body = "{\"ocid\": \"ocds-x\", \"entityId\": \"dahua\", \"decision\": \"false_positive\", \"note\": \"a namesake\"}";
        HttpResponse<String> off = post("/api/reviews", body, null);
        assertThat(off.statusCode()).as("no token configured: the API stays read-only").isEqualTo(403);
        assertThat(off.body()).contains("--api-token");

        List<Review> recorded = new ArrayList<>();
        server.reviews(ApiTokens.parse("desk:0123456789abcdef0123"), recorded::add);
        assertThat(post("/api/reviews", body, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post("/api/reviews", body, "Bearer 0123456789abcdef0124");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(post("/api/reviews", body, "Basic ZGVzazpzZWNyZXQ=").statusCode()).isEqualTo(401);

        String token = "Bearer 0123456789abcdef0123";
        for (String bad : List.of("not json", "[]", "{\"ocid\": \"ocds-x\", \"entityId\": \"dahua\"}",
                "{\"ocid\": \"ocds-x\", \"entityId\": \"dahua\", \"decision\": \"maybe\"}",
                "{\"ocid\": \"ocds-x\", \"entityId\": \"dahua\", \"decision\": \"confirmed\", \"note\": 7}",
                "{\"ocid\": \"ocds-x\", \"entityId\": \"dahua\", \"decision\": \"confirmed\", \"note\": \"" + "x".repeat(2_001) + "\"}")) {
            HttpResponse<String> response = post("/api/reviews", bad, token);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.body()).as(bad).startsWith("{\"error\":");
        }
        assertThat(post("/api/reviews", "{\"note\": \"" + "x".repeat(20_000) + "\"}", token).statusCode()).as("over the size cap")
                .isEqualTo(413);
        assertThat(post("/api/reviews", body, token).statusCode()).as("well formed, but enrich is not up to find the link").isEqualTo(503);
        assertThat(recorded).isEmpty();
        assertThat(post("/api/alerts", body, token).statusCode()).as("a token opens reviews only").isEqualTo(405);
    }

    @Test
    void shouldSendTheSecurityHeadersWithEveryAnswer() throws Exception {
        List<HttpResponse<String>> answers = List.of(get("/"), get("/dashboard.js"), get("/api/alerts"), get("/api/nothing-here"), get("/ready"),
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/alerts"))
                        .DELETE().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(answers.get(0).statusCode()).isEqualTo(200);
        assertThat(answers.get(0).body()).as("the dashboard's page").contains("dashboard.js");
        for (HttpResponse<String> answer : answers) {
            String what = answer.request().method() + " " + answer.uri().getPath() + " (" + answer.statusCode() + ")";
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(what)
                    .hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                            .doesNotContain("unsafe-inline", "unsafe-eval"));
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        }
    }

    @Test
    void shouldAnswerUnknownPathsWithAJsonError() throws Exception {
        HttpResponse<String> response = get("/api/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("{\"error\":").contains("/api/nothing-here");
    }

    @Test
    void shouldAnswerEnrichQueriesWith503UntilEnrichRunsAndBadParametersWith400() throws Exception {
        for (String path : java.util.List.of("/api/alerts", "/api/alerts.atom", "/api/contracts/ocds-x", "/api/exposure/buyers", "/api/exposure/entities",
                "/api/foi/summary", "/api/foi/responses?body=Riverside%20Academy")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.body()).as(path).startsWith("{\"error\":\"not ready")
                    .as("what was unavailable (replicas' addresses, stores) is for the log").doesNotContain("enrich stage");
        }
        for (String path : java.util.List.of("/api/alerts?limit=-1", "/api/alerts?limit=many", "/api/alerts?bodyType=spaceport",
                "/api/alerts?since=yesterday", "/api/alerts.atom?limit=0", "/api/foi/responses")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).startsWith("{\"error\":");
        }
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
