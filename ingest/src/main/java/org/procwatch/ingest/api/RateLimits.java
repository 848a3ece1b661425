package org.procwatch.ingest.api;

import java.time.Duration;

/**
 * How patiently a source is asked again.
 *
 * @param forbiddenPause how long to make no request after HTTP 403 (Contracts Finder's rate limit)
 * @param initialBackoff the first wait after HTTP 429, 5xx or a network error; doubled after each further one
 * @param maxBackoff     the longest single wait
 * @param maxAttempts    tries of one page before the source is reported unavailable
 * @param interval       the least time between the starts of two requests, so that a limit is kept without meeting it
 */
public record RateLimits(Duration forbiddenPause, Duration initialBackoff, Duration maxBackoff, int maxAttempts, Duration interval) {

    /** Limits that ask as fast as the source answers. */
    public RateLimits(Duration forbiddenPause, Duration initialBackoff, Duration maxBackoff, int maxAttempts) {
        this(forbiddenPause, initialBackoff, maxBackoff, maxAttempts, Duration.ZERO);
    }

    /**
     * Contracts Finder: one request at a time, a second apart (its "too many requests" logic is undocumented),
     * and after 403 none for five minutes, as its documentation asks.
     */
    public static RateLimits standard() {
        return new RateLimits(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMinutes(5), 10, Duration.ofSeconds(1));
    }

    /** Find a Tender: under its limit of 12 requests in 2 minutes (429 without Retry-After), one request every 11 s. */
    public static RateLimits findATender() {
        return new RateLimits(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(5), 10, Duration.ofSeconds(11));
    }

    /** The limits of a source, by its name. */
    public static RateLimits of(ApiSource source) {
        return source.name().equals("find-a-tender") ? findATender() : standard();
    }

    Duration backoff(int failure) {
        long millis = initialBackoff.toMillis() << Math.min(failure - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
