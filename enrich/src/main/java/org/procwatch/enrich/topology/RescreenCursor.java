package org.procwatch.enrich.topology;

import org.apache.kafka.common.serialization.Serde;

/**
 * How far a task has screened its stored contracts again after a watchlist or ownership change. Kept in a
 * logged store and advanced in the same transaction as the links and alerts the step produced, so that a
 * restart resumes the screening where the last committed step ended, neither skipping nor repeating output.
 *
 * @param changedAt when the change happened, as its records tell it: alerts raised by the screening take the
 *                  later of this and the contract's own time
 * @param after     the last ocid screened, in the store's key order; null before the first
 * @param screened  how many contracts have been screened so far
 */
record RescreenCursor(long changedAt, String after, long screened) {

    static RescreenCursor start(long changedAt) {
        return new RescreenCursor(changedAt, null, 0);
    }

    RescreenCursor advancedTo(String ocid) {
        return new RescreenCursor(changedAt, ocid, screened + 1);
    }

    static Serde<RescreenCursor> serde() {
        return JsonSerde.of(RescreenCursor.class);
    }
}
