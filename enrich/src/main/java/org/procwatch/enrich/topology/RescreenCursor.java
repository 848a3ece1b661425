package org.procwatch.enrich.topology;

import org.apache.kafka.common.serialization.Serde;

/**
 * How far a task has screened its stored contracts again after a watchlist or ownership change. Kept in a
 * logged store and advanced in the same transaction as the links and alerts the step produced, so that a
 * restart resumes the screening where the last committed step ended, neither skipping nor repeating output.
 *
 * @param changedAt when the change happened, as its records tell it (the newest, when several met): alerts raised
 *                  by the screening take the later of this and the contract's own time
 * @param after     the last ocid screened, in the store's key order; null before the first
 * @param screened  how many contracts this pass has screened so far
 * @param passAgain whether another change came while this pass was under way, so that the contracts it had
 *                  passed must be screened once more after it
 */
record RescreenCursor(long changedAt, String after, long screened, boolean passAgain) {

    static RescreenCursor start(long changedAt) {
        return new RescreenCursor(changedAt, null, 0, false);
    }

    RescreenCursor advancedTo(String ocid) {
        return new RescreenCursor(changedAt, ocid, screened + 1, passAgain);
    }

    /** This pass, going on with the newer change met too, and to be followed by another. */
    RescreenCursor changedAgain(long newerChange) {
        long newest = Math.max(changedAt, newerChange);
        // A pass that has screened nothing yet needs no successor.
        return after == null ? start(newest) : new RescreenCursor(newest, after, screened, true);
    }

    static Serde<RescreenCursor> serde() {
        return JsonSerde.of(RescreenCursor.class);
    }
}
