package org.procwatch.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
    void shouldAnswer503OnStatusUntilTheServicesAreUp() throws Exception {
        assertThat(get("/api/status").statusCode()).isEqualTo(503);

        server.status(() -> Map.of("kafka", "127.0.0.1:9092"));

        HttpResponse<String> status = get("/api/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(status.body()).isEqualTo("{\"kafka\":\"127.0.0.1:9092\"}");
    }

    @Test
    void shouldAnswerUnknownPathsWithAJsonError() throws Exception {
        HttpResponse<String> response = get("/api/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("{\"error\":").contains("/api/nothing-here");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
