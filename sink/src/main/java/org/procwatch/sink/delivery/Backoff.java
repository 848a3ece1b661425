package org.procwatch.sink.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of {@code first * 2^(n-1)}, at
 * most {@code max}. The random half keeps many deliveries that failed together (a subscriber that went down)
 * from all trying again at the same moment.
 */
public final class Backoff {

    private Backoff() {
    }

    /**
     * @param failures how many attempts have failed so far, at least 1
     */
    public static Duration after(int failures, Duration first, Duration max, RandomGenerator random) {
        if (failures < 1) {
            throw new IllegalArgumentException("a backoff follows at least one failure, not " + failures);
        }
        long ceiling = max.toMillis();
        long exponential = first.toMillis() << Math.min(failures - 1, 30);
        long full = exponential <= 0 || exponential > ceiling ? ceiling : exponential;
        long half = full / 2;
        return Duration.ofMillis(half + random.nextLong(full - half + 1));
    }
}
