package org.procwatch.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.procwatch.ingest.ocds.OcdsProblem;
import org.procwatch.ingest.ocds.OcdsRelease;
import org.procwatch.ingest.text.Digest;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.avro.SourceMetadata;

/**
 * Turns releases read from any source (a file, an API page) into {@code procurement.releases.v1} records,
 * once each: the same content under the same ocid is produced only the first time, while a release that
 * repeats another's id with other content is produced too (the compile merges both). Releases over the
 * size limit, and problems of the reader, become dead letters.
 */
public final class ReleaseIngest {

    private final IngestWriter writer;
    private final int maxReleaseBytes;

    /** @param maxReleaseBytes releases larger than this (as UTF-8 JSON) go to the dead-letter topic instead */
    public ReleaseIngest(IngestWriter writer, int maxReleaseBytes) {
        this.writer = writer;
        this.maxReleaseBytes = requireAllowed(maxReleaseBytes);
    }

    /** The limit, when a record on the release topic can hold a release of that size; else an error saying which can. */
    public static int requireAllowed(int maxReleaseBytes) {
        if (maxReleaseBytes <= 0 || maxReleaseBytes > largestAllowed()) {
            throw new IllegalArgumentException(String.format("the release size limit must be between 1 and %,d bytes, not %,d",
                    largestAllowed(), maxReleaseBytes));
        }
        return maxReleaseBytes;
    }

    /**
     * @param read       the release and where it was read
     * @param sourceName {@code file}, or the API's name
     * @param fetchedAt  when its document was fetched or read
     */
    public void offer(OcdsRelease read, String sourceName, Instant fetchedAt) {
        String json = read.json();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxReleaseBytes) {
            writer.deadLetter(String.format("release of %s is %,d bytes, over the limit of %,d bytes", read.ocid(),
                    bytes.length, maxReleaseBytes), "ocds-reader", read.source().uri(), read.position(), bytes);
            return;
        }
        IngestedRelease record = record(read, json, bytes, sourceName, fetchedAt);
        // By content, not by id: publishers repeat release ids (and dates) with other content, and the merge takes both.
        String ingestKey = "ocds|" + record.getOcid() + "|sha|" + record.getContentHash();
        String origin = read.position() == null ? read.source().uri() : read.source().uri() + " " + read.position();
        writer.offer(ingestKey, origin, writer.topics().releases(), record.getOcid(), record);
    }

    /** The record of a release: what {@link #offer} produces, for benchmarks that produce the same records another way. */
    public static IngestedRelease record(OcdsRelease read, String sourceName, Instant fetchedAt) {
        return record(read, read.json(), read.json().getBytes(StandardCharsets.UTF_8), sourceName, fetchedAt);
    }

    private static IngestedRelease record(OcdsRelease read, String json, byte[] bytes, String sourceName, Instant fetchedAt) {
        return IngestedRelease.newBuilder()
                .setOcid(read.ocid())
                .setReleaseId(read.id())
                .setReleaseDate(read.date())
                .setReleaseJson(json)
                .setContentHash(Digest.sha256(bytes))
                .setSource(SourceMetadata.newBuilder()
                        .setSource(sourceName)
                        .setUri(read.source().uri())
                        .setPosition(read.position())
                        .setFetchedAt(fetchedAt)
                        .setPublisher(read.source().publisher())
                        .setPublishedDate(read.source().publishedDate())
                        .setDataVersion(read.source().mergeVersion())
                        .setExtensions(read.source().extensions())
                        .build())
                .build();
    }

    /** The largest limit that leaves room in a record for the source metadata beside the release. */
    public static int largestAllowed() {
        return IngestWriter.maxRecordBytes() - 1024 * 1024;
    }

    /** A problem of the OCDS reader, as a dead letter. */
    public void reject(OcdsProblem problem) {
        writer.deadLetter(problem.reason(), "ocds-reader", problem.uri(), problem.position(),
                problem.raw() == null ? null : problem.raw().getBytes(StandardCharsets.UTF_8));
    }
}
