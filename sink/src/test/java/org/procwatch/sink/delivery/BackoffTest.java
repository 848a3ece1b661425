package org.procwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration FIRST = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofMinutes(30);

    @Test
    void shouldDoubleWithEachFailureBetweenHalfAndAllOfTheStep() {
        SplittableRandom random = new SplittableRandom(7);
        for (int failures = 1; failures <= 8; failures++) {
            long step = FIRST.toMillis() << (failures - 1);
            for (int i = 0; i < 200; i++) {
                assertThat(Backoff.after(failures, FIRST, MAX, random).toMillis()).isBetween(step / 2, step);
            }
        }
    }

    @Test
    void shouldNeverWaitLongerThanTheMaximumHoweverManyFailures() {
        SplittableRandom random = new SplittableRandom(7);
        for (int failures : new int[] {11, 12, 40, 64, 1000, Integer.MAX_VALUE}) {
            assertThat(Backoff.after(failures, FIRST, MAX, random)).isBetween(MAX.dividedBy(2), MAX);
        }
    }

    @Test
    void shouldSpreadDeliveriesThatFailedTogether() {
        SplittableRandom random = new SplittableRandom(7);
        Set<Duration> waits = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            waits.add(Backoff.after(5, FIRST, MAX, random));
        }
        assertThat(waits).as("jittered, not all alike").hasSizeGreaterThan(40);
    }

    @Test
    void shouldRefuseABackoffWithoutAFailure() {
        assertThatThrownBy(() -> Backoff.after(0, FIRST, MAX, new SplittableRandom())).isInstanceOf(IllegalArgumentException.class);
    }
}
