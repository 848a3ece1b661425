package org.procwatch.enrich.query;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most so many of one costly kind of query at once: one that reads a whole table of every instance holds all of
 * it while it joins, so a handful of them asked together would take the memory the app's stores need. The HTTP
 * server bounds requests of every kind; this bounds the few that cost the most, and turns the next away with
 * {@link QueryBusyException} once it has waited its patience.
 */
final class GatherLimit {

    private final Semaphore permits;
    private final Duration patience;

    private GatherLimit(int concurrent, Duration patience) {
        this.permits = new Semaphore(concurrent, true);
        this.patience = patience;
    }

    static GatherLimit of(int concurrent, Duration patience) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("at least one query must run at once, not " + concurrent);
        }
        return new GatherLimit(concurrent, patience);
    }

    /** The query's answer, once there is room for it. */
    <T> T run(Supplier<T> query) {
        try {
            if (!permits.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new QueryBusyException("busy: as many questions of this kind as may run at once are running; ask again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryBusyException("interrupted while waiting for room");
        }
        try {
            return query.get();
        } finally {
            permits.release();
        }
    }
}
