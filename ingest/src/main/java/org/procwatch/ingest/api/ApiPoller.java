package org.procwatch.ingest.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.kafka.ReleaseIngest;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.progress.IngestProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills an OCDS API window by window and then, if asked, follows it. Each window's releases and the
 * checkpoint saying the window is done are committed together, so a restart resumes at the first window
 * not done: no gap, and no window downloaded twice except the one that was interrupted, whose releases
 * are then skipped as already ingested.
 */
public final class ApiPoller {

    private static final Logger log = LoggerFactory.getLogger(ApiPoller.class);

    private final ApiSource source;
    private final WindowCrawler crawler;
    private final IngestWriter writer;
    private final ReleaseIngest releases;
    private final Clock clock;
    private final PageFetcher.Sleeper sleeper;
    private final IngestProgress progress;

    /** @param progress told how many windows of a backfill are done */
    public ApiPoller(ApiSource source, RateLimits limits, IngestWriter writer, IngestProgress progress) {
        this(source, limits, writer, progress, Clock.systemUTC(), Thread::sleep);
    }

    ApiPoller(ApiSource source, RateLimits limits, IngestWriter writer, IngestProgress progress, Clock clock,
              PageFetcher.Sleeper sleeper) {
        this.source = source;
        this.crawler = new WindowCrawler(source, new PageFetcher(limits, sleeper));
        this.writer = writer;
        this.releases = new ReleaseIngest(writer, ReleaseIngest.DEFAULT_MAX_RELEASE_BYTES);
        this.progress = progress;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Ingests every window from {@code from} (or the checkpoint, when later) to {@code to}.
     *
     * @return where ingest has got to: the end of the last window done
     */
    public Instant backfill(Instant from, Instant to) throws IOException, InterruptedException {
        Instant start = writer.checkpoint(source.name()).filter(checkpoint -> checkpoint.isAfter(from)).orElse(from);
        if (start.isAfter(from)) {
            log.info("{}: resuming at {}, where the last run stopped", source.name(), start);
        }
        Instant done = start;
        List<Instant[]> windows = WindowCrawler.windows(source, start, to);
        progress.begin(source.name() + " from " + start + " to " + to, windows.size(), IngestProgress.Unit.WINDOWS);
        long producedBefore = writer.produced();
        try {
            for (int i = 0; i < windows.size(); i++) {
                done = crawlWindow(windows.get(i), i, producedBefore);
            }
        } finally {
            progress.end();
        }
        return done;
    }

    private Instant crawlWindow(Instant[] window, int windowsDone, long producedBefore) throws IOException, InterruptedException {
        Instant fetchedAt = clock.instant();
        WindowCrawler.Result result = crawler.crawl(window[0], window[1], new WindowCrawler.PageSink() {
            @Override
            public void page(URI uri, byte[] json) {
                try {
                    new OcdsReader().read(uri.toString(), () -> new ByteArrayInputStream(json),
                            release -> {
                                releases.offer(release, source.name(), fetchedAt);
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
        writer.checkpoint(source.name(), window[1]);
        progress.update(windowsDone + 1, writer.produced() - producedBefore);
        log.info("{}: {} to {} done ({} pages, {} releases{})", source.name(), window[0], window[1], result.pages(),
                result.releases(), result.complete() ? "" : ", ended early at a bad page");
        return window[1];
    }

    /** Backfills from {@code from} to now, then keeps polling for what is new, every {@code interval}. */
    public void follow(Instant from, Duration interval) throws IOException, InterruptedException {
        Instant done = backfill(from, clock.instant());
        while (!Thread.currentThread().isInterrupted()) {
            sleeper.sleep(interval);
            done = backfill(done, clock.instant());
        }
    }
}
