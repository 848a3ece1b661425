package org.procwatch.ingest.file;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.procwatch.ingest.bods.BodsReader;
import org.procwatch.ingest.foi.ColumnMapping;
import org.procwatch.ingest.foi.FoiCsvReader;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.kafka.ReleaseIngest;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.source.InputDetector;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.ingest.source.InputType;
import org.procwatch.ingest.text.TextDecoding;
import org.procwatch.ingest.text.Digest;
import org.procwatch.ingest.text.Gzip;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.SourceMetadata;
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

    public FileIngest(IngestWriter writer, ColumnMapping foiMapping) {
        this.writer = writer;
        this.foiMapping = foiMapping;
    }

    /** Ingests every file of every input, in path order, and commits. */
    public void ingest(List<InputSpec> inputs) throws IOException {
        for (InputSpec input : inputs) {
            for (Path file : files(input.path())) {
                ingestFile(file, input.type());
            }
        }
        writer.flush();
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
        switch (type.get()) {
            case OCDS -> ingestOcds(file, uri);
            case FOI -> ingestFoi(file, uri);
            case WATCHLIST -> ingestWatchlist(file, uri);
            case OWNERSHIP -> ingestOwnership(file, uri);
        }
        log.info("{}: {} ({} new records)", uri, type.get().label(), writer.produced() - before);
    }

    private void ingestOcds(Path file, String uri) throws IOException {
        Instant fetchedAt = Instant.now();
        ReleaseIngest releases = new ReleaseIngest(writer);
        new OcdsReader().read(file, release -> releases.offer(release, "file", fetchedAt), releases::reject);
    }

    private void ingestFoi(Path file, String uri) throws IOException {
        new FoiCsvReader(foiMapping).read(uri, Files.readAllBytes(file), response -> {
            String content = FoiResponse.newBuilder(response).setSource(SourceMetadata.newBuilder()
                    .setSource("").setUri("").setFetchedAt(Instant.EPOCH).build()).build().toString();
            writer.offer("foi|" + response.getRequestId() + "|" + Digest.sha256(content.getBytes(StandardCharsets.UTF_8)),
                    origin(uri, response.getSource().getPosition()), writer.topics().foiResponses(), response.getRequestId(), response);
        }, problem -> writer.deadLetter(problem.reason(), "foi-reader", uri, problem.position(), bytes(problem.raw())));
    }

    private void ingestWatchlist(Path file, String uri) throws IOException {
        String text = TextDecoding.decode(Files.readAllBytes(file)).text();
        ingestWatchlist(WatchlistFile.read(new StringReader(text), uri,
                problem -> writer.deadLetter(problem.reason(), "watchlist-reader", uri, "line " + problem.line(), bytes(problem.raw()))), uri);
    }

    /** Ingests watchlist entities, e.g. the bundled watchlist; an entity already ingested unchanged is skipped. */
    public void ingestWatchlist(List<WatchlistEntity> entities, String origin) {
        for (WatchlistEntity entity : entities) {
            writer.offer("watchlist|" + entity.getId() + "|" + Digest.sha256(entity.toString().getBytes(StandardCharsets.UTF_8)),
                    origin(origin, entity.getId()), writer.topics().watchlist(), entity.getId(), entity);
        }
        writer.flush();
    }

    private void ingestOwnership(Path file, String uri) throws IOException {
        try (InputStream in = Gzip.decompressIfGzipped(Files.newInputStream(file))) {
            new BodsReader().read(uri, in,
                    statement -> writer.offer("bods|" + statement.getStatementId(), origin(uri, statement.getSource().getPosition()),
                            writer.topics().ownership(), statement.getStatementId(), statement),
                    problem -> writer.deadLetter(problem.reason(), "bods-reader", uri, problem.position(), null));
        }
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
