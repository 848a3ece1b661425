package org.procwatch.ingest.poll.whatdotheyknow;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.procwatch.ingest.api.SourceUnavailableException;
import org.procwatch.ingest.foi.FoiRequestIds;
import org.procwatch.ingest.foi.answer.AnswerClassifier;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.poll.HarvestStatus;
import org.procwatch.ingest.poll.PoliteHttpClient;
import org.procwatch.ingest.poll.whatdotheyknow.AlaveteliJson.FeedEntry;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.schemas.avro.FoiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harvests FOI requests from WhatDoTheyKnow into {@code procurement.foi-responses.v1}: walks the feed search
 * for the query over the days asked, and reads each request the walk finds whose state changed since it was
 * last read (the feed shows each request's {@code updated_at}, state and prominence, so an unchanged request
 * costs no request at all). A request read is marked done in the same Kafka transaction as its record, so a
 * run that stops anywhere resumes with the requests it had not finished; one that could not be read is left
 * unmarked, listed as incomplete, and read by the next run. A request whose record would be the same as the
 * one published before publishes nothing.
 */
public final class WhatDoTheyKnowPoller {

    /** The source's name in records, checkpoints and the harvest status. */
    public static final String SOURCE = "whatdotheyknow";
    /** Events a feed page holds (Alaveteli's {@code perform_search} for feeds). */
    static final int PAGE_SIZE = 25;

    private static final Logger log = LoggerFactory.getLogger(WhatDoTheyKnowPoller.class);
    private static final ZoneId SITE_ZONE = ZoneId.of("Europe/London");

    private final WhatDoTheyKnowSettings settings;
    private final IngestWriter writer;
    private final AlaveteliSite site;
    private final PoliteHttpClient http;
    private final RequestReader reader;
    private final IngestProgress progress;
    private final Clock clock;
    private final PoliteHttpClient.Sleeper sleeper;
    private final HarvestStatus status = new HarvestStatus();
    private volatile long published;
    private volatile long unchanged;
    private volatile long skipped;

    public WhatDoTheyKnowPoller(WhatDoTheyKnowSettings settings, IngestWriter writer, AnswerClassifier classifier, IngestProgress progress) {
        this(settings, writer, classifier, progress, Clock.systemUTC(), Thread::sleep);
    }

    public WhatDoTheyKnowPoller(WhatDoTheyKnowSettings settings, IngestWriter writer, AnswerClassifier classifier, IngestProgress progress,
                                Clock clock, PoliteHttpClient.Sleeper sleeper) {
        this.settings = settings;
        this.writer = writer;
        this.site = new AlaveteliSite(settings.baseUrl());
        this.http = new PoliteHttpClient(settings.http(), clock, sleeper);
        this.reader = new RequestReader(site, http, classifier, settings.maxAttachments());
        this.progress = progress;
        this.clock = clock;
        this.sleeper = sleeper;
        writer.checkpoint(SOURCE).ifPresent(status::resumedAt);
    }

    /** Harvests once, or, when following, again every poll interval until interrupted. */
    public boolean run() throws InterruptedException {
        boolean complete = harvest();
        while (settings.follow() && !Thread.currentThread().isInterrupted()) {
            sleeper.sleep(settings.pollInterval());
            complete = harvest();
        }
        return complete;
    }

    /**
     * One walk of the search over the days asked.
     *
     * @return whether every page and request was read; if not, the status lists what was left and why
     */
    public boolean harvest() throws InterruptedException {
        Instant started = clock.instant();
        Instant from = settings.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        status.startPass();
        String query = settings.searchQuery(LocalDate.ofInstant(started, SITE_ZONE));
        Set<String> read = new HashSet<>();
        long publishedBefore = published;
        long unchangedBefore = unchanged;
        long skippedBefore = skipped;
        progress.begin(SOURCE + ": " + query, settings.maxPages(), IngestProgress.Unit.PAGES);
        boolean complete = true;
        try {
            int page = 1;
            for (; page <= settings.maxPages(); page++) {
                URI uri = site.feed(query, page);
                List<FeedEntry> entries;
                try {
                    PoliteHttpClient.Response response = http.get(uri, "application/json");
                    if (!response.ok()) {
                        throw new AlaveteliJson.UnexpectedJsonException("HTTP " + response.status() + (response.tooLarge() ? " (too large)" : ""));
                    }
                    entries = feedEntries(uri, response.body());
                } catch (IOException e) {
                    complete = false;
                    status.incomplete(from, started, "feed page " + page + " could not be read: " + e.getMessage());
                    break;
                }
                // The feed moves while it is walked (newest described first): a request described meanwhile jumps to page 1
                // and may be passed over now, but its new version is newer than this walk and the next one reads it.
                for (FeedEntry entry : entries) {
                    if (read.add(entry.urlTitle())) {
                        complete &= harvest(entry, from, started);
                    }
                }
                progress.update(page, published);
                if (entries.size() < PAGE_SIZE) {
                    break;
                }
            }
            if (page > settings.maxPages()) {
                complete = false;
                status.incomplete(from, started, "the search has more than " + settings.maxPages() + " pages; narrow --query or --from");
            }
        } finally {
            progress.end();
            writer.flush();
        }
        if (complete) {
            writer.checkpoint(SOURCE, started);
            status.complete(started);
        }
        log.info("{}: {} requests in the search; {} published, {} unchanged, {} skipped{}", SOURCE, read.size(), published - publishedBefore,
                unchanged - unchangedBefore, skipped - skippedBefore, complete ? "" : "; some left for the next run (see /api/status)");
        return complete;
    }

    private List<FeedEntry> feedEntries(URI uri, byte[] body) throws IOException {
        try {
            return AlaveteliJson.feed(body);
        } catch (AlaveteliJson.UnexpectedJsonException e) {
            writer.deadLetter("the feed search page is not what Alaveteli serves: " + e.getMessage(), SOURCE + "-poller", uri.toString(), null,
                    body);
            writer.flush();
            throw e;
        }
    }

    /** Reads one request unless this version of it was read before; false when it could not be read now. */
    private boolean harvest(FeedEntry entry, Instant from, Instant started) throws InterruptedException {
        String mark = "foi-source|" + SOURCE + "|" + entry.version();
        if (writer.ingested(mark)) {
            unchanged++;
            return true;
        }
        String origin = site.requestPage(entry.urlTitle()).toString();
        try {
            RequestReader.Result result = reader.read(entry.urlTitle(), clock.instant());
            for (RequestReader.Problem problem : result.problems()) {
                writer.deadLetter(problem.reason(), SOURCE + "-poller", problem.uri(), null, problem.raw());
            }
            if (result.response() == null) {
                skipped++;
                log.info("{}: request {} skipped: {}", SOURCE, entry.urlTitle(), result.skipped());
            } else if (publish(result.response(), origin)) {
                published++;
            } else {
                unchanged++;
            }
            writer.remember(mark, origin);
            return true;
        } catch (AlaveteliJson.UnexpectedJsonException e) {
            writer.deadLetter("request " + entry.urlTitle() + ": " + e.getMessage(), SOURCE + "-poller", origin, null, new byte[0]);
            status.incomplete(from, started, "request " + entry.urlTitle() + " could not be read: " + e.getMessage());
            return false;
        } catch (SourceUnavailableException e) {
            status.incomplete(from, started, "request " + entry.urlTitle() + " could not be read: " + e.getMessage());
            return false;
        } catch (IOException e) {
            status.incomplete(from, started, "request " + entry.urlTitle() + " could not be read: " + e.getClass().getSimpleName());
            return false;
        } finally {
            // A request's record and its mark go together; nothing is held open across the waits between requests.
            writer.flush();
        }
    }

    /** Publishes the record unless the same one (but for where and when it was read) was published before. */
    private boolean publish(FoiResponse response, String origin) {
        return writer.offer(FoiRequestIds.ingestKey(response), origin, writer.topics().foiResponses(), response.getRequestId(), response);
    }

    public HarvestStatus status() {
        return status;
    }

    public long published() {
        return published;
    }

    public long unchanged() {
        return unchanged;
    }

    public long skipped() {
        return skipped;
    }

    /** Requests sent to the site, and how many of them a 304 answered. */
    public long httpRequests() {
        return http.requests();
    }

    public long notModified() {
        return http.notModified();
    }
}
