package org.procwatch.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.procwatch.ingest.api.SourceUnavailableException;

/** The client against a local server, on a clock that moves only when the client waits. */
class PoliteHttpClientTest {

    /** A clock that the sleeper moves on, so waits are measured without being waited. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T10:00:00.250Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private record Answer(int status, String header, String value, String body) {
    }

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final SteppedClock clock = new SteppedClock();
    private final List<Duration> waits = new ArrayList<>();
    private final List<Instant> starts = new ArrayList<>();
    private HttpServer server;
    private PoliteHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        client = new PoliteHttpClient(new PoliteHttpClient.Settings("procwatch/test (contact: desk@example.org)", Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(5), 3, 1000, 10_000), clock, wait -> {
            waits.add(wait);
            clock.now = clock.now.plus(wait);
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        starts.add(clock.instant());
        requests.add(exchange.getRequestURI().getPath() + " UA=" + exchange.getRequestHeaders().getFirst("User-Agent")
                + " INM=" + exchange.getRequestHeaders().getFirst("If-None-Match"));
        Answer answer = answers.isEmpty() ? new Answer(200, null, null, "ok") : answers.poll();
        if (answer.header() != null) {
            exchange.getResponseHeaders().add(answer.header(), answer.value());
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void shouldStartRequestsAtLeastASecondApartAndNameProcwatchAndTheContact() throws Exception {
        for (int i = 0; i < 4; i++) {
            client.get(uri("/page" + i), "application/json");
        }

        for (int i = 1; i < starts.size(); i++) {
            assertThat(Duration.between(starts.get(i - 1), starts.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(starts.get(i).getEpochSecond()).isGreaterThan(starts.get(i - 1).getEpochSecond());
        }
        assertThat(requests).allSatisfy(request -> assertThat(request).contains("UA=procwatch/test (contact: desk@example.org)"));
    }

    @Test
    void shouldWaitForRetryAfterOn429AndBackOffOn503() throws Exception {
        answers.add(new Answer(429, "Retry-After", "7", "12 request limit in 2 minute exceeded"));
        answers.add(new Answer(503, null, null, "down"));
        answers.add(new Answer(200, null, null, "at last"));

        PoliteHttpClient.Response response = client.get(uri("/busy"), "application/json");

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("at last");
        assertThat(waits).contains(Duration.ofSeconds(7), Duration.ofSeconds(20));
    }

    @Test
    void shouldCapARetryAfterAtTheLongestBackoff() throws Exception {
        answers.add(new Answer(429, "Retry-After", "86400", ""));

        client.get(uri("/slow"), "application/json");

        assertThat(waits).contains(Duration.ofMinutes(5)).doesNotContain(Duration.ofDays(1));
    }

    @Test
    void shouldReportASourceThatStaysDownInsteadOfAnEmptyAnswer() {
        for (int i = 0; i < 3; i++) {
            answers.add(new Answer(503, null, null, "down"));
        }

        assertThatThrownBy(() -> client.get(uri("/down"), "application/json")).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("after 3 attempts").hasMessageContaining("HTTP 503");
    }

    @Test
    void shouldAnswerAHiddenOrMissingPageWithItsStatusAndNotAskAgain() throws Exception {
        answers.add(new Answer(403, null, null, ""));

        assertThat(client.get(uri("/hidden.json"), "application/json").status()).isEqualTo(403);
        assertThat(requests).hasSize(1);
    }

    @Test
    void shouldAskConditionallyAndServeA304FromWhatItKept() throws Exception {
        answers.add(new Answer(200, "ETag", "\"v1\"", "the page"));
        answers.add(new Answer(304, "ETag", "\"v1\"", ""));

        client.get(uri("/page"), "text/html");
        PoliteHttpClient.Response again = client.get(uri("/page"), "text/html");

        assertThat(new String(again.body(), StandardCharsets.UTF_8)).isEqualTo("the page");
        assertThat(requests.get(1)).contains("INM=\"v1\"");
        assertThat(client.notModified()).isEqualTo(1);
    }

    @Test
    void shouldReadNoMoreThanTheCapOfABody() throws Exception {
        answers.add(new Answer(200, null, null, "x".repeat(1001)));

        PoliteHttpClient.Response response = client.get(uri("/big"), "*/*");

        assertThat(response.tooLarge()).isTrue();
        assertThat(response.ok()).isFalse();
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldFollowARedirectWithinTheSiteOnly() throws Exception {
        answers.add(new Answer(301, "Location", "/moved", ""));
        answers.add(new Answer(200, null, null, "moved here"));
        assertThat(new String(client.get(uri("/old"), "text/html").body(), StandardCharsets.UTF_8)).isEqualTo("moved here");

        answers.add(new Answer(302, "Location", "http://169.254.169.254/latest/meta-data/", ""));
        assertThatThrownBy(() -> client.get(uri("/away"), "text/html")).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("not followed");
    }
}
