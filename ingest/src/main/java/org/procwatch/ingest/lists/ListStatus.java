package org.procwatch.ingest.lists;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * How keeping a watchlist in step with an official list goes, for {@code /api/status} (its {@code harvest}) and
 * the metrics: the last fetch and what it changed, how many fetches were applied, unchanged or failed, and
 * the last failure.
 */
public final class ListStatus {

    private Instant lastFetch;
    private String lastKind;
    private ListSync.Outcome lastOutcome;
    private Instant lastFailureAt;
    private String lastFailure;
    private long applied;
    private long unchanged;
    private long failed;
    private long added;
    private long changed;
    private long removed;
    private long listedAtWholeFetch = -1;

    synchronized void applied(Instant at, ListSync.Outcome outcome) {
        lastFetch = at;
        lastKind = outcome.delta() ? "delta" : "whole";
        lastOutcome = outcome;
        applied++;
        added += outcome.added();
        changed += outcome.changed();
        removed += outcome.removed();
        if (!outcome.delta()) {
            listedAtWholeFetch = outcome.listed();
        }
    }

    /** The publisher answered that the list has not changed since the last fetch. */
    synchronized void notModified(Instant at) {
        lastFetch = at;
        unchanged++;
    }

    synchronized void failed(Instant at, String reason) {
        lastFailureAt = at;
        lastFailure = reason;
        failed++;
    }

    public synchronized long failures() {
        return failed;
    }

    /** The status as {@code /api/status} shows it. */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("lastFetch", lastFetch == null ? null : lastFetch.toString());
        if (lastOutcome != null) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("kind", lastKind);
            last.put("listed", lastOutcome.listed());
            last.put("added", lastOutcome.added());
            last.put("changed", lastOutcome.changed());
            last.put("removed", lastOutcome.removed());
            last.put("unchanged", lastOutcome.unchanged());
            last.put("problems", lastOutcome.problems());
            status.put("lastApplied", last);
        }
        status.put("fetches", Map.of("applied", applied, "notModified", unchanged, "failed", failed));
        if (lastFailure != null) {
            status.put("lastFailure", Map.of("at", lastFailureAt.toString(), "reason", lastFailure));
        }
        return status;
    }

    /** The counts as meters tagged with the list, for the launcher's {@code /metrics}. */
    public MeterBinder metrics(String list) {
        return registry -> {
            fetches(registry, list, "applied", status -> status.applied);
            fetches(registry, list, "not-modified", status -> status.unchanged);
            fetches(registry, list, "failed", status -> status.failed);
            changes(registry, list, "added", status -> status.added);
            changes(registry, list, "changed", status -> status.changed);
            changes(registry, list, "removed", status -> status.removed);
            Gauge.builder("procwatch.lists.entities", this, ListStatus::listedAtLastWholeFetch)
                    .description("Entities of the list at its last whole fetch").tag("list", list).register(registry);
        };
    }

    private void fetches(MeterRegistry registry, String list, String outcome, ToLongFunction<ListStatus> count) {
        FunctionCounter.builder("procwatch.lists.fetches", this, status -> status.read(count))
                .description("Fetches of an official list").tags("list", list, "outcome", outcome).register(registry);
    }

    private void changes(MeterRegistry registry, String list, String change, ToLongFunction<ListStatus> count) {
        FunctionCounter.builder("procwatch.lists.changes", this, status -> status.read(count))
                .description("Watchlist entities an official list added, changed or removed").tags("list", list, "change", change)
                .register(registry);
    }

    private synchronized double read(ToLongFunction<ListStatus> count) {
        return count.applyAsLong(this);
    }

    private synchronized double listedAtLastWholeFetch() {
        return listedAtWholeFetch < 0 ? Double.NaN : listedAtWholeFetch;
    }
}
