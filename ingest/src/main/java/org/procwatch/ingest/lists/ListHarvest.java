package org.procwatch.ingest.lists;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.poll.PoliteHttpClient;
import org.procwatch.ingest.text.Gzip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an official list and brings the watchlist in step with it ({@link ListSync}), once or, following,
 * every interval. A list is downloaded to a private temporary file (a list is tens of megabytes; a cap keeps
 * a runaway download from filling the disk) and read from there; once one has been applied, the next is
 * asked for conditionally on it, so an unchanged list costs a 304; a {@code file:} URL is read where it is. A publisher that is down, or a list that would
 * remove too much, is reported and, when following, tried again at the next interval; nothing is changed
 * on its account. An OpenSanctions dataset's {@code index.json} is followed by its versions and delta files
 * ({@link #followIndex}).
 */
public final class ListHarvest {

    /** The lists change a few times a day at most, and a fetch of the CSL is tens of megabytes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(6);

    /**
     * @param list              which list
     * @param url               where to fetch it ({@code http(s):} or {@code file:})
     * @param follow            whether to keep fetching it
     * @param interval          how often a follow fetches
     * @param persons           whether individuals are kept
     * @param allowLargeRemoval whether a whole list may remove more than half of what was listed
     * @param limits            the largest download, entry and number of entities
     */
    public record Settings(OfficialList list, URI url, boolean follow, Duration interval, boolean persons, boolean allowLargeRemoval,
                           ListLimits limits) {

        public Settings {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
                throw new IllegalArgumentException("a list is fetched from an http(s) or file: URL, not " + url);
            }
            Objects.requireNonNull(limits, "limits");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the interval must be positive");
            }
        }
    }

    /** Waits between fetches; tests stop the follow through it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(ListHarvest.class);

    private final Settings settings;
    private final PoliteHttpClient http;
    private final IngestWriter writer;
    private final ListSync sync;
    private final ListStatus status = new ListStatus();
    private final Clock clock;
    private final Sleeper sleeper;
    /** The version of the list last applied, to ask whether it changed since; only an applied list counts. */
    private PoliteHttpClient.Validators applied;

    public ListHarvest(Settings settings, PoliteHttpClient http, IngestWriter writer) {
        this(settings, http, writer, Clock.systemUTC(), Thread::sleep);
    }

    public ListHarvest(Settings settings, PoliteHttpClient http, IngestWriter writer, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.http = http;
        this.writer = writer;
        this.sync = new ListSync(settings.list(), writer, settings.persons(), settings.allowLargeRemoval(), settings.limits());
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public ListStatus status() {
        return status;
    }

    /**
     * Fetches and applies the list; following, keeps doing so every interval until interrupted.
     *
     * @return whether the last fetch was applied (or found the list unchanged)
     */
    public boolean run() throws InterruptedException {
        boolean applied = fetchOnce();
        while (settings.follow() && !Thread.currentThread().isInterrupted()) {
            sleeper.sleep(settings.interval());
            applied = fetchOnce();
        }
        return applied;
    }

    private boolean fetchOnce() throws InterruptedException {
        try {
            if (settings.url().getScheme().equalsIgnoreCase("file")) {
                apply(Path.of(settings.url()), settings.url(), fetchDate());
            } else if (settings.list() == OfficialList.OPENSANCTIONS && OpenSanctionsIndex.isIndex(settings.url())) {
                followIndex();
            } else {
                download(settings.url(), true, fetchDate());
            }
            return true;
        } catch (IOException e) {
            // The publisher down (SourceUnavailableException), a list that would remove too much, one that is not the list.
            return failed(e.getMessage());
        }
    }

    /**
     * An OpenSanctions dataset followed by its index: nothing when its version was applied already; else the
     * delta files since the version last applied, in order, or the whole export when no version it offers
     * deltas from was applied here (the first time, or too far behind). Each version applied is marked in the
     * ingest keys, so that a restart goes on from there; a delta applied twice changes nothing.
     */
    private void followIndex() throws IOException, InterruptedException {
        URI at = settings.url();
        OpenSanctionsIndex index = OpenSanctionsIndex.parse(get(at), at);
        if (writer.ingested(versionMark(index.version()))) {
            status.notModified(clock.instant());
            log.info("{}: version {} applied already", settings.list().listName(), index.version());
            return;
        }
        TreeMap<String, URI> deltas = index.deltas() == null ? new TreeMap<>() : OpenSanctionsIndex.deltaFiles(get(index.deltas()),
                index.deltas());
        String base = deltas.headMap(index.version(), true).descendingKeySet().stream().filter(version -> writer.ingested(versionMark(version)))
                .findFirst().orElse(null);
        if (base == null) {
            log.info("{}: version {}, the whole export (no version it has deltas from was applied here)", settings.list().listName(),
                    index.version());
            download(index.entities(), false, index.version());
            mark(index.version());
        } else {
            // Only as far as the deltas go: a version whose delta is not published yet is read when it is.
            for (Map.Entry<String, URI> delta : deltas.subMap(base, false, index.version(), true).entrySet()) {
                log.info("{}: the delta to version {}", settings.list().listName(), delta.getKey());
                download(delta.getValue(), false, delta.getKey());
                mark(delta.getKey());
            }
        }
    }

    private String versionMark(String version) {
        return "list-version|" + settings.list().listName() + "|" + settings.url() + "|" + version;
    }

    private void mark(String version) {
        writer.remember(versionMark(version), settings.url().toString());
        writer.flush();
    }

    /** A small document (an index) whole. */
    private byte[] get(URI url) throws IOException, InterruptedException {
        PoliteHttpClient.Response response = http.get(url, "application/json");
        if (!response.ok()) {
            throw new IOException(url + " answered " + (response.tooLarge() ? "more than the index cap" : "HTTP " + response.status()));
        }
        return response.body();
    }

    /**
     * Downloads a list document and applies it.
     *
     * @param conditional whether to ask whether it changed since the version last applied from this URL
     * @param version     the version it is, recorded on the entities it adds or changes
     */
    private void download(URI url, boolean conditional, String version) throws IOException, InterruptedException {
        Path file = Files.createTempFile("procwatch-" + settings.list().listName() + "-", ".list");
        try {
            PoliteHttpClient.Download download = http.download(url, "application/json, application/xml, text/csv, */*", file,
                    settings.limits().maxBytes(), conditional ? applied : null);
            if (download.notModified()) {
                status.notModified(clock.instant());
                log.info("{}: unchanged since the last fetch", settings.list().listName());
                return;
            }
            if (!download.ok()) {
                throw new IOException(download.tooLarge()
                        ? "the list is larger than " + settings.limits().maxBytes() / (1024 * 1024) + " MB; it was not read (see --max-download-mb)"
                        : url + " answered HTTP " + download.status());
            }
            apply(file, url, version);
            if (conditional) {
                applied = download.validators();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void apply(Path file, URI origin, String version) throws IOException {
        // A gzipped list is capped as it decompresses too, as a download is: a small bomb never becomes a full disk of work.
        try (InputStream in = Gzip.decompressIfGzipped(Files.newInputStream(file), settings.limits().maxBytes(), "--max-download-mb")) {
            status.applied(clock.instant(), sync.apply(in, origin.toString(), version));
        }
    }

    /** A list without version ids of its own is known by the day it was fetched (UTC). */
    private String fetchDate() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    }

    private boolean failed(String reason) {
        status.failed(clock.instant(), reason);
        log.warn("{}: {}{}", settings.list().listName(), reason, settings.follow() ? "; trying again in " + settings.interval() : "");
        return false;
    }
}
