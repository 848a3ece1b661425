package org.procwatch.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.procwatch.ingest.poll.PoliteHttpClient;
import org.procwatch.ingest.text.TextDecoding;
import org.procwatch.schemas.json.ExactNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks one date window of an API, page by page through {@code links.next}, handing each page on as UTF-8
 * JSON, and says whether every page of the window was read. A cursor is never made up: where a full page
 * comes without a next link (Find a Tender does this at times), the window is split in two and each half is
 * walked from its start, until every part ends on a page that is not full. A next link is followed only on
 * the source's own site and only once; a page that stays unreadable, answers with an error object, or that
 * the source refuses ends the window incomplete, with the reason, for the next run to fetch again.
 */
final class WindowCrawler {

    /** Receives the pages of a window. */
    interface PageSink {
        void page(URI uri, byte[] json);

        void badPage(URI uri, String reason, byte[] raw);
    }

    /** What crawling a window found: complete, or not, and why not. */
    record Result(int pages, int releases, boolean complete, String problem) {

        Result(int pages, int releases, boolean complete) {
            this(pages, releases, complete, null);
        }

        Result plus(Result other) {
            return new Result(pages + other.pages, releases + other.releases, complete && other.complete,
                    problem != null ? problem : other.problem);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WindowCrawler.class);
    private static final int READ_ATTEMPTS = 3;
    /** The shortest part a window is split into: the APIs take bounds to the second. */
    private static final Duration SHORTEST_PART = Duration.ofMinutes(1);

    private final ObjectMapper json = ExactNumbers.exact(JsonMapper.builder())
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
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

    /**
     * Reads every page of the window.
     *
     * @throws SourceUnavailableException when the source stays down: the harvest stops, and resumes at this window
     */
    Result crawl(Instant from, Instant to, PageSink sink) throws IOException, InterruptedException {
        return crawlPart(from, to, sink, new HashSet<>());
    }

    private Result crawlPart(Instant from, Instant to, PageSink sink, Set<URI> followed) throws IOException, InterruptedException {
        URI next = firstPage(from, to);
        int pages = 0;
        int releases = 0;
        JsonNode previous = null;
        while (next != null) {
            URI uri = next;
            if (!followed.add(uri)) {
                return incomplete(pages, releases, from, to, "the next link of a page leads back to " + uri + ", read before");
            }
            Page page = read(uri);
            if (page.problem() != null) {
                sink.badPage(uri, page.problem(), page.raw());
                return incomplete(pages, releases, from, to, page.problem() + " at " + uri);
            }
            JsonNode pageReleases = page.json().path("releases");
            if (!pageReleases.isEmpty() && pageReleases.equals(previous)) {
                // A source that answers the page before again under a new cursor would keep this loop going for ever.
                return incomplete(pages, releases, from, to, "the source answered " + uri + " with the releases of the page before");
            }
            previous = pageReleases;
            sink.page(uri, page.raw());
            pages++;
            int count = pageReleases.size();
            releases += count;
            String link = page.json().path("links").path("next").asText("");
            if (!link.isBlank()) {
                next = followable(uri, link);
                if (next == null) {
                    sink.badPage(uri, "its next link is not on " + source.baseUrl(), page.raw());
                    return incomplete(pages, releases, from, to, "a next link off the source's site at " + uri);
                }
            } else if (count >= source.pageSize()) {
                return new Result(pages, releases, true).plus(split(from, to, sink, followed, uri));
            } else {
                next = null;
            }
        }
        return new Result(pages, releases, true);
    }

    /**
     * A full page without a next link: the rest cannot be asked for, so each half of the part is walked from
     * its start. The halves overlap by a second, as the APIs may read either bound as exclusive; the releases
     * read twice are ingested once.
     */
    private Result split(Instant from, Instant to, PageSink sink, Set<URI> followed, URI at) throws IOException, InterruptedException {
        Duration length = Duration.between(from, to);
        if (length.compareTo(SHORTEST_PART.multipliedBy(2)) < 0) {
            return incomplete(0, 0, from, to, "a full page without a next link at " + at + ", in a part too short to split");
        }
        Instant middle = from.plus(length.dividedBy(2)).truncatedTo(ChronoUnit.SECONDS);
        log.warn("{} gave a full page without a next link at {}; reading {} to {} again in two halves", source.name(), at, from, to);
        return crawlPart(from, middle.plusSeconds(1), sink, followed).plus(crawlPart(middle, to, sink, followed));
    }

    /** A page's JSON, or why it could not be had after its attempts. */
    private record Page(JsonNode json, byte[] raw, String problem) {
    }

    private Page read(URI uri) throws IOException, InterruptedException {
        String problem = null;
        byte[] body = new byte[0];
        for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
            try {
                body = fetcher.fetch(uri);
            } catch (PageRefusedException e) {
                return new Page(null, body, e.getMessage());
            }
            String text = TextDecoding.decode(body).text();
            try {
                JsonNode page = json.readTree(text);
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                if (page != null && page.isObject() && page.path("releases").isArray()) {
                    return new Page(page, utf8, null);
                }
                body = utf8;
                // An error object answered with HTTP 200 ({"error": ...}, {"message": ...}) is no empty page.
                problem = "the page is not a release package (an error object, or no releases array)";
            } catch (JsonProcessingException e) {
                problem = "the page is not valid JSON (" + e.getOriginalMessage() + ")";
            }
            if (attempt < READ_ATTEMPTS) {
                fetcher.retryAfter(fetcher.limits().backoff(attempt));
            }
        }
        return new Page(null, body, problem);
    }

    /** The next link as a URL on the source's own site, or null when it is not one (another host, a scheme, no URL at all). */
    private URI followable(URI current, String link) {
        try {
            URI next = current.resolve(link.strip());
            return PoliteHttpClient.sameOrigin(URI.create(source.baseUrl()), next) ? next : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Result incomplete(int pages, int releases, Instant from, Instant to, String problem) {
        log.warn("{} window {} to {} left incomplete: {}", source.name(), from, to, problem);
        return new Result(pages, releases, false, problem);
    }

    private URI firstPage(Instant from, Instant to) {
        return URI.create(source.baseUrl() + source.path() + "?" + source.fromParam() + "=" + encode(source.format(from))
                + "&" + source.toParam() + "=" + encode(source.format(to)) + "&limit=" + source.pageSize());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
