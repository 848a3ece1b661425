package org.procwatch.enrich.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatherLimitTest {

    @Test
    void shouldRunSoManyAtOnceTurnTheNextAwayAndGiveTheRoomBackHoweverAQueryEnded() throws Exception {
        GatherLimit limit = GatherLimit.of(2, Duration.ofMillis(100));
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Runnable held = () -> limit.run(() -> {
            inside.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Threads of their own: the common pool may have a single one on a small machine.
        CompletableFuture<Void> first = CompletableFuture.runAsync(held, Thread::startVirtualThread);
        CompletableFuture<Void> second = CompletableFuture.runAsync(held, Thread::startVirtualThread);
        assertThat(inside.await(10, TimeUnit.SECONDS)).as("two queries running").isTrue();

        assertThatThrownBy(() -> limit.run(() -> "third")).isInstanceOf(QueryBusyException.class).hasMessageContaining("busy");

        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> limit.run(() -> {
                throw new QueryUnavailableException("a replica is away");
            })).isInstanceOf(QueryUnavailableException.class);
        }
        assertThat(limit.run(() -> "answered")).as("the room given back by every query, failed or not").isEqualTo("answered");
        assertThat(limit.run(() -> "again")).isEqualTo("again");
    }
}
