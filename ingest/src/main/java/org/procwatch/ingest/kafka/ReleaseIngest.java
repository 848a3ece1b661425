package org.procwatch.ingest.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.procwatch.ingest.ocds.OcdsProblem;
import org.procwatch.ingest.ocds.OcdsRelease;
import org.procwatch.ingest.text.Digest;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.avro.SourceMetadata;

/**
 * Turns releases read from any source (a file, an API page) into {@code procurement.releases.v1} records,
 * once each: the same (ocid, release id) — or, for a release without id, the same content — is produced
 * only the first time. Releases over the size limit, and problems of the reader, become dead letters.
 */
public final class ReleaseIngest {

    /** A release larger than this is rejected rather than produced. */
    public static final int MAX_RELEASE_BYTES = 16 * 1024 * 1024;

    private final IngestWriter writer;

    public ReleaseIngest(IngestWriter writer) {
        this.writer = writer;
    }

    /**
     * @param read       the release and where it was read
     * @param sourceName {@code file}, or the API's name
     * @param fetchedAt  when its document was fetched or read
     */
    public void offer(OcdsRelease read, String sourceName, Instant fetchedAt) {
        JsonNode release = read.release();
        String json = release.toString();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String ocid = release.get("ocid").asText();
        if (bytes.length > MAX_RELEASE_BYTES) {
            writer.deadLetter(String.format("release of %s is %.1f MB, over the %d MB limit", ocid, bytes.length / 1e6,
                    MAX_RELEASE_BYTES / (1024 * 1024)), "ocds-reader", read.source().uri(), read.position(), bytes);
            return;
        }
        JsonNode id = release.get("id");
        String releaseId = id == null || id.isNull() ? null : id.asText();
        String hash = Digest.sha256(bytes);
        JsonNode date = release.get("date");
        IngestedRelease record = IngestedRelease.newBuilder()
                .setOcid(ocid)
                .setReleaseId(releaseId)
                .setReleaseDate(date != null && date.isTextual() ? date.asText() : null)
                .setReleaseJson(json)
                .setContentHash(hash)
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
        String ingestKey = "ocds|" + ocid + "|" + (releaseId != null ? "id|" + releaseId : "sha|" + hash);
        String origin = read.position() == null ? read.source().uri() : read.source().uri() + " " + read.position();
        writer.offer(ingestKey, origin, writer.topics().releases(), ocid, record);
    }

    /** A problem of the OCDS reader, as a dead letter. */
    public void reject(OcdsProblem problem) {
        writer.deadLetter(problem.reason(), "ocds-reader", problem.uri(), problem.position(),
                problem.raw() == null ? null : problem.raw().getBytes(StandardCharsets.UTF_8));
    }
}
