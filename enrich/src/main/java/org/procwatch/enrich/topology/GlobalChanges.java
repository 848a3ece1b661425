package org.procwatch.enrich.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the stream tasks of one app instance that a global store has changed: the global thread counts
 * each record it applies, the tasks compare the count with the one they last acted on. Shared by the
 * processors of one topology, never static, so two apps in one JVM (tests) do not see each other's.
 */
final class GlobalChanges {

    private final AtomicLong version = new AtomicLong();
    private final AtomicLong newestTimestamp = new AtomicLong();

    void changed(long recordTimestamp) {
        newestTimestamp.accumulateAndGet(recordTimestamp, Math::max);
        version.incrementAndGet();
    }

    long version() {
        return version.get();
    }

    /** The time of the newest record applied: when the latest change happened, as the records tell it. */
    long newestTimestamp() {
        return newestTimestamp.get();
    }
}
