package org.procwatch.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.procwatch.ingest.text.TextDecoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks one date window of an API, page by page through {@code links.next}, handing each page on as UTF-8
 * JSON. Where a full page comes without a next link (Find a Tender does this at times), the next page is
 * asked for by advancing the page's numeric {@code cursor}; a page that stays unreadable is handed on as bad,
 * and the window ends there, incomplete.
 */
final class WindowCrawler {

    /** Receives the pages of a window. */
    interface PageSink {
        void page(URI uri, byte[] json);

        void badPage(URI uri, String reason, byte[] raw);
    }

    /** What crawling a window found. */
    record Result(int pages, int releases, boolean complete) {
    }

    private static final Logger log = LoggerFactory.getLogger(WindowCrawler.class);
    private static final Pattern CURSOR = Pattern.compile("([?&]cursor=)(\\d+)");
    private static final int READ_ATTEMPTS = 3;

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private final ApiSource source;
    private final PageFetcher fetcher;

    WindowCrawler(ApiSource source, PageFetcher fetcher) {
        this.source = source;
        this.fetcher = fetcher;
    }

    /** The windows covering {@code from} to {@code to}, each at most the source's window long. */
    static List<Instant[]> windows(ApiSource source, Instant from, Instant to) {
        List<Instant[]> windows = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(source.window())) {
            Instant end = start.plus(source.window());
            windows.add(new Instant[] {start, end.isAfter(to) ? to : end});
        }
        return windows;
    }

    Result crawl(Instant from, Instant to, PageSink sink) throws IOException, InterruptedException {
        URI next = firstPage(from, to);
        int pages = 0;
        int releases = 0;
        JsonNode previous = null;
        while (next != null) {
            URI uri = next;
            JsonNode page = null;
            byte[] body = null;
            String problem = null;
            for (int attempt = 1; attempt <= READ_ATTEMPTS && page == null; attempt++) {
                body = fetcher.fetch(uri);
                String text = TextDecoding.decode(body).text();
                try {
                    page = json.readTree(text);
                    body = text.getBytes(StandardCharsets.UTF_8);
                } catch (JsonProcessingException e) {
                    problem = "the page is not valid JSON (" + e.getOriginalMessage() + ")";
                }
            }
            if (page == null || !page.isObject()) {
                sink.badPage(uri, problem != null ? problem : "the page is not a release package", body);
                log.warn("{} window {} to {} ends early at {}: {}", source.name(), from, to, uri, problem);
                return new Result(pages, releases, false);
            }
            if (page.path("releases").equals(previous) && !page.path("releases").isEmpty()) {
                // A source that answers a page again where the next one should be would keep this loop going for ever.
                log.warn("{} answered {} with the releases of the page before; the window ends here", source.name(), uri);
                break;
            }
            sink.page(uri, body);
            pages++;
            int count = page.path("releases").size();
            releases += count;
            previous = page.path("releases");
            next = nextPage(uri, page, count);
        }
        return new Result(pages, releases, true);
    }

    private URI firstPage(Instant from, Instant to) {
        return URI.create(source.baseUrl() + source.path() + "?" + source.fromParam() + "=" + encode(ApiSource.PARAMETER_FORMAT.format(from))
                + "&" + source.toParam() + "=" + encode(ApiSource.PARAMETER_FORMAT.format(to)) + "&limit=" + source.pageSize());
    }

    private URI nextPage(URI current, JsonNode page, int count) {
        String next = page.path("links").path("next").asText(null);
        if (next != null && !next.isBlank()) {
            return current.resolve(next);
        }
        if (count < source.pageSize()) {
            return null;
        }
        Matcher cursor = CURSOR.matcher(current.toString());
        String advanced = cursor.find()
                ? cursor.replaceFirst("$1" + (Long.parseLong(cursor.group(2)) + count))
                : current + "&cursor=" + count;
        log.warn("{} gave a full page without a next link at {}; going on at {}", source.name(), current, advanced);
        return URI.create(advanced);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
