package org.procwatch.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one page of an API, waiting out its rate limits: after 403 no request for the configured pause;
 * after 429, 5xx or a network error, exponential backoff; a page that keeps failing becomes a
 * {@link SourceUnavailableException} naming it, one the source refuses (another 4xx) a
 * {@link PageRefusedException}. Before every wait it lets the caller commit what it has read, so that no
 * transaction stays open across a wait; redirects are not followed, and a page is read up to a cap.
 */
final class PageFetcher {

    /** Waits; tests record the waits instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(PageFetcher.class);

    /** The largest page read: a page of 100 releases is a few megabytes. */
    static final int MAX_PAGE_BYTES = 64 * 1024 * 1024;
    private static final String USER_AGENT = "procwatch (open-source watch of public procurement; one request at a time)";

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final RateLimits limits;
    private final Sleeper sleeper;
    private final Runnable beforeWait;
    private final int maxPageBytes;
    private long lastStart;
    private boolean started;
    private long retries;

    PageFetcher(RateLimits limits, Sleeper sleeper) {
        this(limits, sleeper, () -> { }, MAX_PAGE_BYTES);
    }

    /**
     * @param beforeWait run before every wait (a poller commits what it has read)
     * @param maxPageBytes the largest page read; a larger one is refused
     */
    PageFetcher(RateLimits limits, Sleeper sleeper, Runnable beforeWait, int maxPageBytes) {
        this.limits = limits;
        this.sleeper = sleeper;
        this.beforeWait = beforeWait;
        this.maxPageBytes = maxPageBytes;
    }

    /** Waits, after letting the caller commit what it has. */
    void pause(Duration wait) throws InterruptedException {
        beforeWait.run();
        sleeper.sleep(wait);
    }

    /** Waits before asking again for what failed, and counts the retry. */
    void retryAfter(Duration wait) throws InterruptedException {
        retries++;
        pause(wait);
    }

    /** How many requests were asked again after a failure, so far. */
    long retries() {
        return retries;
    }

    RateLimits limits() {
        return limits;
    }

    /** Waits until the source's interval has passed since the last request began. */
    private void keepPace() throws InterruptedException {
        long now = System.nanoTime();
        long due = lastStart + limits.interval().toNanos();
        if (started && now < due) {
            pause(Duration.ofNanos(due - now));
        }
        lastStart = System.nanoTime();
        started = true;
    }

    byte[] fetch(URI uri) throws IOException, InterruptedException {
        String last = null;
        IOException lastError = null;
        for (int attempt = 1; attempt <= limits.maxAttempts(); attempt++) {
            keepPace();
            int status;
            try {
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                        .header("Accept", "application/json").header("User-Agent", USER_AGENT).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                byte[] body;
                try (InputStream in = response.body()) {
                    body = in.readNBytes(status == 200 ? maxPageBytes + 1 : 64 * 1024);
                }
                if (status == 200 && body.length > maxPageBytes) {
                    throw new PageRefusedException(uri + " answered a page larger than " + maxPageBytes / (1024 * 1024) + " MB; it is not read");
                }
                if (status == 200) {
                    return body;
                }
                last = "HTTP " + status;
                lastError = null;
            } catch (PageRefusedException e) {
                throw e;
            } catch (IOException e) {
                status = -1;
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastError = e;
            }
            if (status >= 300 && status < 500 && status != 403 && status != 408 && status != 429) {
                // A redirect (which could lead anywhere) or a refusal: asking again now would get the same answer.
                throw new PageRefusedException(uri + " answered " + last + "; its window is left for the next run");
            }
            Duration wait = status == 403 ? limits.forbiddenPause() : limits.backoff(attempt);
            log.warn("{} answered {}; waiting {} s before trying again (attempt {} of {})", uri, last, wait.toSeconds(),
                    attempt, limits.maxAttempts());
            if (attempt < limits.maxAttempts()) {
                retryAfter(wait);
            }
        }
        throw new SourceUnavailableException(uri + " did not answer after " + limits.maxAttempts() + " attempts (last: " + last + ")",
                lastError);
    }
}
