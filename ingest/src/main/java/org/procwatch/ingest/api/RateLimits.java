package org.procwatch.ingest.api;

import java.time.Duration;

/**
 * How patiently a source is asked again.
 *
 * @param forbiddenPause how long to make no request after HTTP 403 (Contracts Finder's rate limit)
 * @param initialBackoff the first wait after HTTP 429, 5xx or a network error; doubled after each further one
 * @param maxBackoff     the longest single wait
 * @param maxAttempts    tries of one page before the source is reported unavailable
 */
public record RateLimits(Duration forbiddenPause, Duration initialBackoff, Duration maxBackoff, int maxAttempts) {

    /** What the sources' documentation and harvesters' experience call for. */
    public static RateLimits standard() {
        return new RateLimits(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMinutes(5), 10);
    }

    Duration backoff(int failure) {
        long millis = initialBackoff.toMillis() << Math.min(failure - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
