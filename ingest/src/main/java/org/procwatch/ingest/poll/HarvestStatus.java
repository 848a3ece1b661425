package org.procwatch.ingest.poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a harvest has got, for {@code /api/status} (CONTRACTS section 2): the end of the last window
 * harvested completely, how many windows are complete, and the windows left incomplete with why; an
 * incomplete window is fetched again by the next run, never skipped.
 */
public final class HarvestStatus {

    /** A window left incomplete, and why. */
    public record Incomplete(Instant from, Instant to, String reason) {
    }

    /** The most incomplete windows listed; more would say nothing new. */
    private static final int MAX_LISTED = 50;

    private Instant through;
    private long windows;
    private final List<Incomplete> incomplete = new ArrayList<>();

    /** Where an earlier run got to, before this one has completed a window of its own. */
    public synchronized void resumedAt(Instant through) {
        this.through = through;
    }

    public synchronized void complete(Instant windowEnd) {
        through = windowEnd;
        windows++;
    }

    /** A window complete, but after one left incomplete: counted, while {@code through} stays before the gap. */
    public synchronized void completeAfterGap() {
        windows++;
    }

    public synchronized void incomplete(Instant from, Instant to, String reason) {
        if (incomplete.size() < MAX_LISTED) {
            incomplete.add(new Incomplete(from, to, reason));
        }
    }

    /** Forgets the incomplete windows of an earlier pass, when a new one starts over them. */
    public synchronized void startPass() {
        incomplete.clear();
    }

    public synchronized boolean anyIncomplete() {
        return !incomplete.isEmpty();
    }

    /** The status as {@code /api/status} shows it. */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("through", through == null ? null : through.toString());
        status.put("windows", windows);
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Incomplete window : incomplete) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("from", window.from().toString());
            entry.put("to", window.to().toString());
            entry.put("reason", window.reason());
            listed.add(entry);
        }
        status.put("incomplete", listed);
        return status;
    }
}
