package org.procwatch.schemas.registry;

import java.time.Duration;

/**
 * How often, and how patiently, a registry call is retried when the registry is unreachable or overloaded.
 *
 * @param attempts       tries in all, at least one
 * @param initialBackoff the wait after the first failure; doubled after each further failure
 * @param maxBackoff     the longest single wait
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    /** About 15 seconds of patience: enough for a registry that is restarting. */
    public static RetryPolicy standard() {
        return new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    /** The wait before the given retry (1 for the first retry). */
    public Duration backoffBefore(int retry) {
        long millis = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
