package org.procwatch.ingest.file;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.procwatch.ingest.bods.BodsReader;
import org.procwatch.ingest.foi.ColumnMapping;
import org.procwatch.ingest.foi.FoiCsvReader;
import org.procwatch.ingest.foi.FoiRequestIds;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.kafka.ReleaseIngest;
import org.procwatch.ingest.lists.ListChange;
import org.procwatch.ingest.lists.OfficialList;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.progress.CountingInputStream;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.ingest.progress.LoggedProgress;
import org.procwatch.ingest.source.InputDetector;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.ingest.source.InputType;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.ingest.text.CappedInputStream;
import org.procwatch.ingest.text.Digest;
import org.procwatch.ingest.text.Gzip;
import org.procwatch.ingest.text.Utf8RepairingInputStream;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.watchlist.WatchlistFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests files and folders: each file's type is forced by its {@code TYPE:} prefix or told from its
 * content, its records go to their topics once each, and whatever cannot be used, down to a single line
 * or row, goes to the dead-letter topic with the reason and where it stood. Nothing in a file stops the
 * other files.
 */
public final class FileIngest {

    private static final Logger log = LoggerFactory.getLogger(FileIngest.class);

    private final IngestWriter writer;
    private final ColumnMapping foiMapping;
    private final IngestProgress progress;
    private final ReadLimits limits;
    /** Bytes of the files done, and a counter over the file being read. */
    private long bytesDone;
    private CountingInputStream reading;

    /** Ingest that logs its progress and keeps the default limits. */
    public FileIngest(IngestWriter writer, ColumnMapping foiMapping) {
        this(writer, foiMapping, new LoggedProgress(), ReadLimits.DEFAULTS);
    }

    /**
     * @param progress told how many bytes of the input are done
     * @param limits   what is over them goes to the dead-letter topic: a line or release read past, a file read
     *                 up to the limit it passed
     */
    public FileIngest(IngestWriter writer, ColumnMapping foiMapping, IngestProgress progress, ReadLimits limits) {
        ReleaseIngest.requireAllowed(limits.maxReleaseBytes()); // told now, not at the first OCDS file
        this.writer = writer;
        this.foiMapping = foiMapping;
        this.progress = progress;
        this.limits = limits;
    }

    /**
     * Ingests every file of every input, in path order, and commits.
     *
     * @throws IngestInterruptedException when the thread is interrupted; what was sent until then is committed
     */
    public void ingest(List<InputSpec> inputs) throws IOException {
        List<Map.Entry<Path, Optional<InputType>>> files = new ArrayList<>();
        long totalBytes = 0;
        for (InputSpec input : inputs) {
            for (Path file : files(input.path())) {
                files.add(Map.entry(file, input.type()));
                totalBytes += Files.size(file);
            }
        }
        progress.begin(String.format("Ingesting %,d %s", files.size(), files.size() == 1 ? "file" : "files"),
                totalBytes, IngestProgress.Unit.BYTES);
        try {
            for (Map.Entry<Path, Optional<InputType>> file : files) {
                ingestFile(file.getKey(), file.getValue());
                bytesDone += Files.size(file.getKey());
                reading = null;
                reportProgress();
            }
            writer.flush();
        } finally {
            progress.end();
        }
    }

    private void ingestFile(Path file, Optional<InputType> forced) throws IOException {
        String uri = file.toString();
        if (Files.size(file) == 0) {
            writer.deadLetter("the file is empty", "file", uri, null, null);
            return;
        }
        Optional<InputType> type = forced.isPresent() ? forced : detect(file);
        if (type.isEmpty()) {
            writer.deadLetter("could not tell what this file holds (OCDS, FOI table, watchlist or BODS ownership statements); "
                    + "name its type with --input TYPE:PATH if it is one of them", "file", uri, null, head(file));
            return;
        }
        long before = writer.produced();
        try {
            switch (type.get()) {
                case OCDS -> ingestOcds(file, uri);
                case FOI -> ingestFoi(file, uri);
                case WATCHLIST -> ingestWatchlist(file, uri);
                case OWNERSHIP -> ingestOwnership(file, uri);
            }
        } catch (IOException e) {
            // A file cut short (a truncated gzip), or gone, costs that file only: the next one is read.
            writer.deadLetter("the file could not be read to its end (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); what came before the break was ingested", "file", uri, null, null);
        }
        log.info("{}: {} ({} new records)", uri, type.get().label(), writer.produced() - before);
    }

    private void ingestOcds(Path file, String uri) throws IOException {
        Instant fetchedAt = Instant.now();
        ReleaseIngest releases = new ReleaseIngest(writer, limits.maxReleaseBytes());
        new OcdsReader(limits).read(uri, () -> counted(file), release -> {
            releases.offer(release, "file", fetchedAt);
            reportProgress();
        }, releases::reject);
    }

    private void ingestFoi(Path file, String uri) throws IOException {
        try (Reader table = tableText(file)) {
            new FoiCsvReader(foiMapping).read(uri, table, response -> writer.offer(FoiRequestIds.ingestKey(response),
                origin(uri, response.getSource().getPosition()), writer.topics().foiResponses(), response.getRequestId(), response), problem -> writer.deadLetter(problem.reason(), "foi-reader", uri, problem.position(), bytes(problem.raw())));
        }
    }

    private void ingestWatchlist(Path file, String uri) throws IOException {
        Optional<OfficialList> official;
        try (InputStream in = Gzip.decompressIfGzipped(Files.newInputStream(file), limits.maxDecompressedBytes())) {
            official = OfficialList.detect(in.readNBytes(OfficialList.DETECTION_BYTES));
        }
        if (official.isPresent()) {
            ingestOfficialList(file, uri, official.get());
            return;
        }
        List<WatchlistEntity> entities;
        try (Reader text = tableText(file)) {
            entities = WatchlistFile.read(text, uri, problem -> writer.deadLetter(problem.reason(), "watchlist-reader", uri,
                    "line " + problem.line(), bytes(problem.raw())));
        }
        ingestWatchlist(entities, uri);
    }

    /**
     * A file in an official list's format adds its entities as they are; the removals of a delta file are
     * for {@code ingest lists}, which compares each fetch with the last, and are counted and left here.
     */
    private void ingestOfficialList(Path file, String uri, OfficialList list) throws IOException {
        long[] removals = {0};
        try (InputStream in = Gzip.decompressIfGzipped(counted(file), limits.maxDecompressedBytes())) {
            list.reader(false, limits.maxReleaseBytes()).read(in, change -> {
                switch (change) {
                    case ListChange.Listed listed -> {
                        offerEntity(listed.entity(), uri);
                        reportProgress();
                    }
                    case ListChange.Removed removed -> removals[0]++;
                    case ListChange.Dated dated -> {
                        // a file given as input adds entities as they are, without list versions
                    }
                }
            }, problem -> writer.deadLetter(problem.reason(), list.listName() + "-reader", uri, problem.position(), bytes(problem.raw())));
        }
        writer.flush();
        if (removals[0] > 0) {
            log.warn("{}: {} removals left out: a file given as input only adds; `ingest lists --source {} --url` applies a delta whole",
                    uri, removals[0], list.listName());
        }
    }

    /** Ingests watchlist entities, e.g. the bundled watchlist; an entity already ingested unchanged is skipped. */
    public void ingestWatchlist(List<WatchlistEntity> entities, String origin) {
        for (WatchlistEntity entity : entities) {
            offerEntity(entity, origin);
        }
        writer.flush();
    }

    private void offerEntity(WatchlistEntity entity, String origin) {
        writer.offer("watchlist|" + entity.getId() + "|" + Digest.sha256(entity.toString().getBytes(StandardCharsets.UTF_8)),
                origin(origin, entity.getId()), writer.topics().watchlist(), entity.getId(), entity);
    }

    private void ingestOwnership(Path file, String uri) throws IOException {
        try (InputStream in = new Utf8RepairingInputStream(Gzip.decompressIfGzipped(counted(file), limits.maxDecompressedBytes()))) {
            new BodsReader(limits.maxReleaseBytes()).read(uri, in, statement -> {
                        writer.offer("bods|" + statement.getStatementId(), origin(uri, statement.getSource().getPosition()),
                                writer.topics().ownership(), statement.getStatementId(), statement);
                        reportProgress();
                    },
                    problem -> writer.deadLetter(problem.reason(), "bods-reader", uri, problem.position(), null));
        }
    }

    /**
     * A table or watchlist file as text, streamed: decompressed if gzipped, repaired to UTF-8 (Windows-1252 is
     * common), its byte order mark left out, and failing past the table limit, as its readers hold what they read.
     */
    private Reader tableText(Path file) throws IOException {
        InputStream in = new CappedInputStream(Gzip.decompressIfGzipped(counted(file), limits.maxDecompressedBytes()),
                limits.maxTableBytes(), String.format("the table is over %,d bytes, the limit (--max-table-size)", limits.maxTableBytes()));
        BufferedReader text = new BufferedReader(new InputStreamReader(new Utf8RepairingInputStream(in), StandardCharsets.UTF_8));
        text.mark(1);
        if (text.read() != '\uFEFF') {
            text.reset();
        }
        return text;
    }

    /** Opens the file through a counter, so that progress moves within a large file. */
    private InputStream counted(Path file) throws IOException {
        reading = new CountingInputStream(Files.newInputStream(file));
        return reading;
    }

    /** Tells the progress, and stops here if the thread was interrupted (its flag is cleared, so the writer can still commit). */
    private void reportProgress() {
        if (Thread.interrupted()) {
            throw new IngestInterruptedException();
        }
        CountingInputStream current = reading;
        progress.update(bytesDone + (current == null ? 0 : current.count()), writer.produced());
    }

    private static Optional<InputType> detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return InputDetector.detect(in);
        }
    }

    private static List<Path> files(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new FileNotFoundException("no such file or folder: " + path);
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList());
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4096);
        }
    }

    private static String origin(String uri, String position) {
        return position == null ? uri : uri + " " + position;
    }

    private static byte[] bytes(String raw) {
        return raw == null ? null : raw.getBytes(StandardCharsets.UTF_8);
    }
}
