package org.procwatch.ingest.poll;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a harvest has got, for {@code /api/status} (CONTRACTS section 2) and the metrics: the end of the
 * last window harvested completely, how many windows are complete, and the windows left incomplete with why
 * (an incomplete window is fetched again by the next run, never skipped); and, where the source is read in
 * windows of pages, what each window held, so that a crawl that comes back half empty without an error shows.
 */
public final class HarvestStatus {

    /** A window left incomplete, and why. */
    public record Incomplete(Instant from, Instant to, String reason) {
    }

    /**
     * What reading one window found.
     *
     * @param pages    pages (and records) read
     * @param releases releases the pages held
     * @param newOnes  of those, the ones not ingested before
     * @param retries  requests asked again (429, 5xx, an error object or bad JSON answered)
     */
    public record WindowReport(Instant from, Instant to, long pages, long releases, long newOnes, long retries, boolean complete) {
    }

    /** The most incomplete windows listed; more would say nothing new. */
    private static final int MAX_LISTED = 50;

    private Instant through;
    private long windows;
    private long incompleteWindows;
    private long pages;
    private long releases;
    private long newReleases;
    private long retries;
    private WindowReport lastWindow;
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
        incompleteWindows++;
        if (incomplete.size() < MAX_LISTED) {
            incomplete.add(new Incomplete(from, to, reason));
        }
    }

    /** Counts what a window held; whether it was complete is told by {@link #complete} or {@link #incomplete}. */
    public synchronized void read(WindowReport window) {
        pages += window.pages();
        releases += window.releases();
        newReleases += window.newOnes();
        retries += window.retries();
        lastWindow = window;
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
        if (lastWindow != null) {
            status.put("pages", pages);
            status.put("releases", releases);
            status.put("newReleases", newReleases);
            status.put("retries", retries);
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("from", lastWindow.from().toString());
            last.put("to", lastWindow.to().toString());
            last.put("pages", lastWindow.pages());
            last.put("releases", lastWindow.releases());
            last.put("newReleases", lastWindow.newOnes());
            last.put("retries", lastWindow.retries());
            last.put("complete", lastWindow.complete());
            status.put("lastWindow", last);
        }
        return status;
    }

    /** The harvest's counts as meters tagged with the source, for the launcher's {@code /metrics}. */
    public MeterBinder metrics(String source) {
        return registry -> {
            FunctionCounter.builder("procwatch.harvest.windows", this, HarvestStatus::windows)
                    .description("Windows harvested").tags("source", source, "outcome", "complete").register(registry);
            FunctionCounter.builder("procwatch.harvest.windows", this, HarvestStatus::incompleteWindows)
                    .description("Windows harvested").tags("source", source, "outcome", "incomplete").register(registry);
            FunctionCounter.builder("procwatch.harvest.pages", this, HarvestStatus::pages)
                    .description("Pages and records read").tag("source", source).register(registry);
            FunctionCounter.builder("procwatch.harvest.releases", this, HarvestStatus::releases)
                    .description("Releases the pages held").tags("source", source, "outcome", "seen").register(registry);
            FunctionCounter.builder("procwatch.harvest.releases", this, HarvestStatus::newReleases)
                    .description("Releases the pages held").tags("source", source, "outcome", "new").register(registry);
            FunctionCounter.builder("procwatch.harvest.retries", this, HarvestStatus::retries)
                    .description("Requests asked again after a failure").tag("source", source).register(registry);
            Gauge.builder("procwatch.harvest.through", this, HarvestStatus::throughSeconds)
                    .description("End of the last window harvested without a gap, in seconds since 1970").baseUnit("seconds")
                    .tag("source", source).register(registry);
        };
    }

    public synchronized long windows() {
        return windows;
    }

    public synchronized long incompleteWindows() {
        return incompleteWindows;
    }

    public synchronized long pages() {
        return pages;
    }

    public synchronized long releases() {
        return releases;
    }

    public synchronized long newReleases() {
        return newReleases;
    }

    public synchronized long retries() {
        return retries;
    }

    private synchronized double throughSeconds() {
        return through == null ? Double.NaN : through.getEpochSecond();
    }
}
