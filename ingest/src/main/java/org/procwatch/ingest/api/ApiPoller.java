package org.procwatch.ingest.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.kafka.ReleaseIngest;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.poll.HarvestStatus;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.ingest.text.TextDecoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills an OCDS API window by window and then, if asked, follows it. Each window's releases and the
 * checkpoint saying the window is done are committed together, so a restart resumes at the first window
 * not done: no gap, and no window downloaded twice except the one that was interrupted, whose releases
 * are then skipped as already ingested. A window left incomplete (a page unreadable, refused or lacking
 * its way on) holds the checkpoint where it is: the windows after it are still read, and the next run reads
 * from the incomplete one again. What was read is committed before every wait for the source.
 */
public final class ApiPoller {

    private static final Logger log = LoggerFactory.getLogger(ApiPoller.class);

    private final ApiSource source;
    private final WindowCrawler crawler;
    private final PageFetcher fetcher;
    private final IngestWriter writer;
    private final ReleaseIngest releases;
    private final Clock clock;
    private final PageFetcher.Sleeper sleeper;
    private final IngestProgress progress;
    private final HarvestStatus status = new HarvestStatus();

    /** Where a backfill got to: the end of the last of the windows done without a gap, and whether all were. */
    public record Backfill(Instant through, boolean complete) {
    }

    /** @param progress told how many windows of a backfill are done */
    public ApiPoller(ApiSource source, RateLimits limits, IngestWriter writer, IngestProgress progress) {
        this(source, limits, writer, progress, Clock.systemUTC(), Thread::sleep);
    }

    ApiPoller(ApiSource source, RateLimits limits, IngestWriter writer, IngestProgress progress, Clock clock,
              PageFetcher.Sleeper sleeper) {
        this(source, limits, writer, progress, clock, sleeper, PageFetcher.MAX_PAGE_BYTES);
    }

    /** @param maxPageBytes the largest page read; a larger one leaves its window incomplete */
    ApiPoller(ApiSource source, RateLimits limits, IngestWriter writer, IngestProgress progress, Clock clock,
              PageFetcher.Sleeper sleeper, int maxPageBytes) {
        this.source = source;
        this.fetcher = new PageFetcher(limits, sleeper, writer::flush, maxPageBytes);
        this.crawler = new WindowCrawler(source, fetcher);
        this.writer = writer;
        this.releases = new ReleaseIngest(writer, ReadLimits.DEFAULTS.maxReleaseBytes());
        this.progress = progress;
        this.clock = clock;
        this.sleeper = sleeper;
        writer.checkpoint(source.name()).ifPresent(status::resumedAt);
    }

    /** The harvest so far, for {@code /api/status}. */
    public HarvestStatus status() {
        return status;
    }

    /**
     * Ingests every window from {@code from} (or the checkpoint, when later) to {@code to}.
     *
     * @return where ingest has got to without a gap, and whether every window was complete
     */
    public Backfill backfill(Instant from, Instant to) throws IOException, InterruptedException {
        return backfill(from, to, Duration.ZERO);
    }

    /** As {@link #backfill(Instant, Instant)}, but reading again the {@code overlap} before the checkpoint. */
    private Backfill backfill(Instant from, Instant to, Duration overlap) throws IOException, InterruptedException {
        Instant start = writer.checkpoint(source.name()).map(checkpoint -> checkpoint.minus(overlap))
                .filter(checkpoint -> checkpoint.isAfter(from)).orElse(from);
        if (start.isAfter(from)) {
            log.info("{}: resuming at {}, where the last run stopped", source.name(), start);
        }
        Instant done = start;
        boolean gap = false;
        status.startPass();
        List<Instant[]> windows = WindowCrawler.windows(source, start, to);
        progress.begin(source.name() + " from " + start + " to " + to, windows.size(), IngestProgress.Unit.WINDOWS);
        long producedBefore = writer.produced();
        try {
            for (int i = 0; i < windows.size(); i++) {
                Instant[] window = windows.get(i);
                WindowCrawler.Result result;
                try {
                    result = crawlWindow(window, i, producedBefore);
                } catch (SourceUnavailableException e) {
                    status.incomplete(window[0], window[1], e.getMessage());
                    throw e;
                }
                if (!result.complete()) {
                    gap = true;
                    status.incomplete(window[0], window[1], result.problem());
                } else if (!gap) {
                    writer.checkpoint(source.name(), window[1]);
                    status.complete(window[1]);
                    done = window[1];
                } else {
                    // Complete, but after a gap: the checkpoint stays before the gap, so the next run reads this one again.
                    status.completeAfterGap();
                }
            }
        } finally {
            writer.flush();
            progress.end();
        }
        return new Backfill(done, !gap);
    }

    private WindowCrawler.Result crawlWindow(Instant[] window, int windowsDone, long producedBefore) throws IOException, InterruptedException {
        Instant fetchedAt = clock.instant();
        long producedBeforeWindow = writer.produced();
        long retriesBefore = fetcher.retries();
        Set<String> ocids = new LinkedHashSet<>();
        WindowCrawler.Result result = crawler.crawl(window[0], window[1], new WindowCrawler.PageSink() {
            @Override
            public void page(URI uri, byte[] json) {
                try {
                    new OcdsReader().read(uri.toString(), () -> new ByteArrayInputStream(json),
                            release -> {
                                releases.offer(release, source.name(), fetchedAt);
                                ocids.add(release.ocid());
                                progress.update(windowsDone, writer.produced() - producedBefore);
                            }, releases::reject);
                } catch (IOException e) {
                    throw new IllegalStateException("reading a page held in memory failed", e);
                }
            }

            @Override
            public void badPage(URI uri, String reason, byte[] raw) {
                writer.deadLetter(reason, source.name() + "-poller", uri.toString(), null, raw);
            }
        });
        if (result.complete()) {
            result = result.plus(readRecords(ocids, fetchedAt));
        }
        writer.flush();
        progress.update(windowsDone + 1, writer.produced() - producedBefore);
        // Releases ingested, not records: a window's dead letters are not among them.
        HarvestStatus.WindowReport report = new HarvestStatus.WindowReport(window[0], window[1], result.pages(), result.releases(),
                writer.produced() - producedBeforeWindow, fetcher.retries() - retriesBefore, result.complete());
        status.read(report);
        log.info("{}: {} to {} {}: {} pages, {} releases, {} of them new, {} retries", source.name(), window[0], window[1],
                result.complete() ? "done" : "left incomplete for the next run", report.pages(), report.releases(), report.newOnes(),
                report.retries());
        return result;
    }

    /**
     * Where the source serves records, the whole history of each process the window named for the first time:
     * a search serves only a notice's recent releases. Each record is read once (marked with its releases); one
     * that cannot be read now leaves the window incomplete, so that the next run reads it.
     */
    private WindowCrawler.Result readRecords(Set<String> ocids, Instant fetchedAt) throws IOException, InterruptedException {
        int records = 0;
        int[] releasesRead = {0};
        for (String ocid : ocids) {
            Optional<URI> record = source.record(ocid);
            String mark = "ocds-record|" + source.name() + "|" + ocid;
            if (record.isEmpty() || writer.ingested(mark)) {
                continue;
            }
            byte[] json;
            try {
                json = fetcher.fetch(record.get());
            } catch (PageRefusedException e) {
                writer.deadLetter("the record of " + ocid + " could not be had: " + e.getMessage(), source.name() + "-poller",
                        record.get().toString(), null, new byte[0]);
                return new WindowCrawler.Result(records, releasesRead[0], false, "the record of " + ocid + " could not be had");
            }
            boolean[] unreadable = {false};
            new OcdsReader().read(record.get().toString(), () -> new ByteArrayInputStream(TextDecoding.decode(json).text()
                    .getBytes(StandardCharsets.UTF_8)), release -> {
                        releases.offer(release, source.name(), fetchedAt);
                        releasesRead[0]++;
                    }, problem -> {
                        // A bad release in a record goes to the dead-letter topic; a record that is not one is read again next run.
                        unreadable[0] |= problem.position() == null;
                        releases.reject(problem);
                    });
            if (unreadable[0]) {
                return new WindowCrawler.Result(records, releasesRead[0], false, "the record of " + ocid + " could not be read whole");
            }
            writer.remember(mark, record.get().toString());
            records++;
        }
        return new WindowCrawler.Result(records, releasesRead[0], true);
    }

    /**
     * Backfills from {@code from} to now, then keeps polling for what is new, every {@code interval}, each time
     * reading again the {@code overlap} before where the last poll got to: an API may index a release later
     * than its date says, and what is read twice is ingested once. A source that stays down is waited out: the
     * poll ends where it got to, the window it could not read is listed as incomplete, and the next poll goes
     * on from there.
     */
    public void follow(Instant from, Duration interval, Duration overlap) throws IOException, InterruptedException {
        Duration reread = Duration.ZERO;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                backfill(from, clock.instant(), reread);
            } catch (SourceUnavailableException e) {
                log.warn("{}: {}; polling again in {} s, from where it got to", source.name(), e.getMessage(), interval.toSeconds());
            }
            reread = overlap;
            writer.flush();
            sleeper.sleep(interval);
        }
    }
}
