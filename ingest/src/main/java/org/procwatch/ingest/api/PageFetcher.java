package org.procwatch.ingest.api;

import java.io.IOException;
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
 * {@link SourceUnavailableException} naming it.
 */
final class PageFetcher {

    /** Waits; tests record the waits instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(PageFetcher.class);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final RateLimits limits;
    private final Sleeper sleeper;

    PageFetcher(RateLimits limits, Sleeper sleeper) {
        this.limits = limits;
        this.sleeper = sleeper;
    }

    byte[] fetch(URI uri) throws IOException, InterruptedException {
        String last = null;
        IOException lastError = null;
        for (int attempt = 1; attempt <= limits.maxAttempts(); attempt++) {
            int status;
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                status = response.statusCode();
                if (status == 200) {
                    return response.body();
                }
                last = "HTTP " + status;
                lastError = null;
            } catch (IOException e) {
                status = -1;
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastError = e;
            }
            if (status >= 400 && status < 500 && status != 403 && status != 408 && status != 429) {
                throw new SourceUnavailableException(uri + " answered " + last + "; it will not be asked again", null);
            }
            Duration wait = status == 403 ? limits.forbiddenPause() : limits.backoff(attempt);
            log.warn("{} answered {}; waiting {} s before trying again (attempt {} of {})", uri, last, wait.toSeconds(),
                    attempt, limits.maxAttempts());
            if (attempt < limits.maxAttempts()) {
                sleeper.sleep(wait);
            }
        }
        throw new SourceUnavailableException(uri + " did not answer after " + limits.maxAttempts() + " attempts (last: " + last + ")",
                lastError);
    }
}
