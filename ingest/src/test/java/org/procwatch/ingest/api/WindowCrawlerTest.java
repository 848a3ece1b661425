package org.procwatch.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The crawler against a local HTTP server that answers with a script of responses. */
class WindowCrawlerTest {

    private record Answer(int status, byte[] body) {
        static Answer ok(String json) {
            return new Answer(200, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final RateLimits QUICK = new RateLimits(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(40), 4);

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> pages = new ArrayList<>();
    private final List<String> badPages = new ArrayList<>();
    private HttpServer server;
    private ApiSource source;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        source = new ApiSource("test-source", "http://127.0.0.1:" + server.getAddress().getPort(), "/search",
                "publishedFrom", "publishedTo", Duration.ofDays(15), 2);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI().toString());
        Answer answer = script.isEmpty() ? new Answer(500, new byte[0]) : script.poll();
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
        }
        exchange.close();
    }

    private WindowCrawler.Result crawl() throws Exception {
        return crawl(new PageFetcher(QUICK, sleeps::add));
    }

    private WindowCrawler.Result crawl(PageFetcher fetcher) throws Exception {
        WindowCrawler crawler = new WindowCrawler(source, fetcher);
        return crawler.crawl(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-16T00:00:00Z"), new WindowCrawler.PageSink() {
            @Override
            public void page(URI uri, byte[] json) {
                pages.add(new String(json, StandardCharsets.UTF_8));
            }

            @Override
            public void badPage(URI uri, String reason, byte[] raw) {
                badPages.add(reason);
            }
        });
    }

    private static int pageNumber;

    private static String page(int releases, String next) {
        StringBuilder items = new StringBuilder();
        int number = ++pageNumber;
        for (int i = 0; i < releases; i++) {
            items.append(i == 0 ? "" : ",").append("{\"ocid\": \"ocds-b5fd17-").append(number).append('-').append(i)
                    .append("\", \"date\": \"2024-01-02\"}");
        }
        return "{\"releases\": [" + items + "]" + (next == null ? "" : ", \"links\": {\"next\": \"" + next + "\"}") + "}";
    }

    @Test
    void shouldFollowNextLinksToTheEndOfTheWindow() throws Exception {
        script.add(Answer.ok(page(2, "/search?cursor=abc")));
        script.add(Answer.ok(page(1, null)));

        WindowCrawler.Result result = crawl();

        assertThat(result).isEqualTo(new WindowCrawler.Result(2, 3, true));
        assertThat(requests.getFirst()).isEqualTo("/search?publishedFrom=2024-01-01T00%3A00%3A00&publishedTo=2024-01-16T00%3A00%3A00&limit=2");
        assertThat(requests.get(1)).isEqualTo("/search?cursor=abc");
    }

    @Test
    void shouldEndAtAnEmptyPage() throws Exception {
        script.add(Answer.ok("{\"releases\": [], \"links\": {}}"));

        assertThat(crawl()).isEqualTo(new WindowCrawler.Result(1, 0, true));
    }

    @Test
    void shouldPauseFiveMinutesAfterA403() throws Exception {
        script.add(new Answer(403, "rate limited".getBytes()));
        script.add(Answer.ok(page(1, null)));

        assertThat(crawl().complete()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofMinutes(5));
    }

    @Test
    void shouldBackOffExponentiallyAfter429And503() throws Exception {
        script.add(new Answer(429, "12 request limit in 2 minute exceeded".getBytes()));
        script.add(new Answer(503, new byte[0]));
        script.add(new Answer(503, new byte[0]));
        script.add(Answer.ok(page(1, null)));

        assertThat(crawl().releases()).isEqualTo(1);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40));
    }

    @Test
    void shouldGiveUpOnASourceThatStaysDownNamingThePage() {
        for (int i = 0; i < 4; i++) {
            script.add(new Answer(503, new byte[0]));
        }

        assertThatThrownBy(this::crawl).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("/search?publishedFrom=").hasMessageContaining("after 4 attempts").hasMessageContaining("HTTP 503");
        assertThat(sleeps).hasSize(3).last().isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void shouldHandOnAPageThatStaysBadJsonAndEndTheWindowIncomplete() throws Exception {
        for (int i = 0; i < 3; i++) {
            script.add(Answer.ok("{\"releases\": [{\"ocid\": "));
        }

        WindowCrawler.Result result = crawl();

        assertThat(result.complete()).isFalse();
        assertThat(badPages).singleElement().asString().contains("not valid JSON");
        assertThat(requests).hasSize(3);
    }

    @Test
    void shouldReadAWindowAgainInHalvesWhenAFullPageLacksItsNextLinkAndNeverMakeUpACursor() throws Exception {
        script.add(Answer.ok(page(2, null)));
        script.add(Answer.ok(page(1, null)));
        script.add(Answer.ok(page(0, null)));

        assertThat(crawl()).isEqualTo(new WindowCrawler.Result(3, 3, true));
        assertThat(requests).noneMatch(request -> request.contains("cursor"));
        assertThat(requests.get(1)).contains("publishedFrom=2024-01-01T00%3A00%3A00&publishedTo=2024-01-08T12%3A00%3A01");
        assertThat(requests.get(2)).contains("publishedFrom=2024-01-08T12%3A00%3A00&publishedTo=2024-01-16T00%3A00%3A00");
    }

    @Test
    void shouldLeaveAWindowIncompleteWhenANewCursorAnswersThePageBeforeAgain() throws Exception {
        String releases = page(2, null).replace("]}", "]");
        script.add(Answer.ok(releases + ", \"links\": {\"next\": \"/search?cursor=b2Zmc2V0PTI=\"}}"));
        script.add(Answer.ok(releases + ", \"links\": {\"next\": \"/search?cursor=b2Zmc2V0PTQ=\"}}"));

        WindowCrawler.Result result = crawl();

        assertThat(result.complete()).isFalse();
        assertThat(result.problem()).contains("releases of the page before");
        assertThat(requests).hasSize(2);
    }

    @Test
    void shouldNotFollowANextLinkBackToAPageAlreadyRead() throws Exception {
        script.add(Answer.ok(page(2, "/search?cursor=x")));
        script.add(Answer.ok(page(2, "/search?cursor=x")));

        WindowCrawler.Result result = crawl();

        assertThat(result.complete()).isFalse();
        assertThat(result.problem()).contains("leads back to");
        assertThat(requests).hasSize(2);
    }

    @Test
    void shouldNotFollowANextLinkToAnotherSite() throws Exception {
        script.add(Answer.ok(page(2, "http://169.254.169.254/latest/meta-data/")));

        WindowCrawler.Result result = crawl();

        assertThat(result.complete()).isFalse();
        assertThat(badPages).singleElement().asString().contains("next link is not on");
        assertThat(requests).hasSize(1);
    }

    @Test
    void shouldRetryAnErrorObjectAnsweredWithHttp200AndThenLeaveTheWindowIncomplete() throws Exception {
        for (int i = 0; i < 3; i++) {
            script.add(Answer.ok("{\"error\": \"Internal error\", \"status\": 500}"));
        }

        WindowCrawler.Result result = crawl();

        assertThat(result.complete()).isFalse();
        assertThat(result.releases()).isZero();
        assertThat(badPages).singleElement().asString().contains("not a release package");
        assertThat(requests).hasSize(3);
        assertThat(sleeps).as("waited between the reads").hasSize(2);
    }

    @Test
    void shouldLeaveARefusedPageForTheNextRunInsteadOfEndingTheHarvest() throws Exception {
        script.add(new Answer(400, "{\"error\": \"bad cursor\"}".getBytes(StandardCharsets.UTF_8)));

        WindowCrawler.Result result = crawl();

        assertThat(result.complete()).isFalse();
        assertThat(result.problem()).contains("HTTP 400");
        assertThat(requests).hasSize(1);
    }

    @Test
    void shouldNotReadAPageOverTheCap() throws Exception {
        script.add(Answer.ok(page(2, null)));

        WindowCrawler.Result result = crawl(new PageFetcher(QUICK, sleeps::add, () -> { }, 50));

        assertThat(result.complete()).isFalse();
        assertThat(result.problem()).contains("larger than");
    }

    @Test
    void shouldKeepTheSourcesPaceBetweenRequestsWithoutWaitingForA429() throws Exception {
        script.add(Answer.ok(page(2, "/search?cursor=a")));
        script.add(Answer.ok(page(1, null)));
        RateLimits paced = new RateLimits(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(40), 4, Duration.ofSeconds(11));

        crawl(new PageFetcher(paced, sleeps::add));

        assertThat(sleeps).singleElement().satisfies(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(11)));
        assertThat(RateLimits.findATender().interval()).as("12 requests in 2 minutes is Find a Tender's limit")
                .isGreaterThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldCommitWhatWasReadBeforeEveryWait() throws Exception {
        script.add(new Answer(429, new byte[0]));
        script.add(Answer.ok(page(1, null)));
        List<String> events = new ArrayList<>();

        crawl(new PageFetcher(QUICK, wait -> events.add("wait"), () -> events.add("commit"), PageFetcher.MAX_PAGE_BYTES));

        assertThat(events).containsExactly("commit", "wait");
    }

    @Test
    void shouldReadLatin1PagesAsText() throws Exception {
        script.add(new Answer(200, "{\"releases\": [{\"ocid\": \"o\", \"title\": \"Caf\u00e9 CCTV \u00a3500\"}]}"
                .getBytes(Charset.forName("ISO-8859-1"))));

        crawl();

        assertThat(pages).singleElement().asString().contains("Caf\u00e9 CCTV \u00a3500");
    }

    @Test
    void shouldSplitAPeriodIntoWindowsOfTheSourcesLength() {
        List<Instant[]> windows = WindowCrawler.windows(source, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-05T00:00:00Z"));

        assertThat(windows).hasSize(3);
        assertThat(windows.get(2)[0]).isEqualTo(Instant.parse("2024-01-31T00:00:00Z"));
        assertThat(windows.get(2)[1]).isEqualTo(Instant.parse("2024-02-05T00:00:00Z"));
    }
}
