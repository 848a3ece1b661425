package org.procwatch.ingest.api;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one poll of an OCDS API does, fixed when it starts.
 *
 * @param source       the API
 * @param from         the first instant to ingest
 * @param to           where the backfill ends; null for now (when not following)
 * @param follow       whether to keep polling for new releases after the backfill
 * @param pollInterval how often a follow polls
 * @param overlap      how much before where it got to each poll of a follow reads again (releases indexed late)
 */
public record PollSettings(ApiSource source, Instant from, Instant to, boolean follow, Duration pollInterval, Duration overlap) {

    /** A follow reads the last three hours again at each poll. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(3);

    public PollSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(overlap, "overlap");
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("the overlap must not be negative, not " + overlap);
        }
        if (follow && to != null) {
            throw new IllegalArgumentException("an end and following conflict: following polls past any end");
        }
        if (to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("the end (" + to + ") must come after the start (" + from + ")");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, not " + pollInterval);
        }
    }

    /** Backfills to the end (or now), then, when following, keeps polling; true when every window was complete. */
    public boolean runWith(ApiPoller poller) throws IOException, InterruptedException {
        if (follow) {
            poller.follow(from, pollInterval, overlap);
            return true;
        }
        return poller.backfill(from, to == null ? Instant.now() : to).complete();
    }
}
