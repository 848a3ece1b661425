package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;
import org.procwatch.stack.junit.TopicContents;

/**
 * Compression bombs through {@code procwatch ingest files}, in a process of its own so that its peak memory is
 * its own: a gzip of a few megabytes whose one line, a release, decompresses to 1.5 GB, and JSON Lines with
 * such a line between two good ones. Each bomb costs a dead letter and at most its limit in memory; the good
 * lines and the next file are ingested.
 */
@ExtendWith(LocalStackExtension.class)
class IngestBombIT {

    private static final long BOMB_BYTES = 1536L * 1024 * 1024;
    private static final long MEMORY_CEILING = 2L * 1024 * 1024 * 1024;
    private static final byte[] PARTY = "{\"name\": \"Acme Surveillance Ltd\", \"roles\": [\"supplier\"]},".getBytes(StandardCharsets.UTF_8);
    private static final int PARTIES_A_MEMBER = 1024 * 1024 / PARTY.length;

    @TempDir
    Path folder;
    @TempDir
    Path logs;

    @Test
    void shouldReadPastALineOf1point5GbInUnder2GbOfMemoryAndIngestWhatFollows(LocalStack stack, TestScope scope) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "the peak memory of a process is read from /proc, which this system lacks");
        String p = scope.id();
        writeBomb(folder.resolve("a-one-line.json.gz"), "{\"ocid\": \"ocds-%s-bomb\", \"id\": \"1\", \"parties\": [".formatted(p),
                "{}]}\n");
        writeBomb(folder.resolve("b-lines.jsonl.gz"), release(p, "before") + "\n{\"ocid\": \"ocds-%s-bomb\", \"parties\": [".formatted(p),
                "{}]}\n" + release(p, "after") + "\n");
        Files.writeString(folder.resolve("c-next.json"), release(p, "next"));
        String[] setup = {"setup", "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
                "--replication-factor", "1"};
        assertThat(Main.execute(setup, Map.of(), new PrintWriter(new StringWriter(), true))).isZero();

        Path log = logs.resolve("ingest.log");
        Process ingest = new ProcessBuilder(RunningProcwatch.launcher(List.of("ingest", "files", folder.toString(), "--no-bundled-watchlist",
                "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
                "--transactional-id", scope.applicationId("ingest"))))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long peak = peakResidentBytesUntilExit(ingest);
        System.out.printf("IngestBombIT: peak resident memory of ingest %,d MB%n", peak >> 20);

        assertThat(ingest.exitValue()).as(Files.readString(log)).isZero();
        assertThat(peak).as("peak resident memory of ingest, bytes").isPositive().isLessThan(MEMORY_CEILING);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        assertThat(TopicContents.values(stack, Topics.RELEASES, registry)).extracting(IngestedRelease::getOcid).filteredOn(ocid -> ocid.contains(p))
                .containsExactlyInAnyOrder("ocds-%s-before".formatted(p), "ocds-%s-after".formatted(p), "ocds-%s-next".formatted(p));
        assertThat(TopicContents.values(stack, Topics.DLQ, registry)).filteredOn(letter -> letter.getSource().startsWith(folder.toString()))
                .extracting(letter -> Path.of(letter.getSource()).getFileName() + " " + letter.getPosition() + ": " + letter.getReason())
                .containsExactlyInAnyOrder(
                        "a-one-line.json.gz null: release of ocds-%s-bomb is over the limit of 16,777,216 bytes (--max-release-size); "
                                .formatted(p) + "read past, not kept",
                        "b-lines.jsonl.gz line 2: the line is %,d bytes, over the limit of 268,435,456 (--max-line-size); read past, not kept"
                                .formatted(lineBytes(p)));
    }

    /** Waits for the process to end, reading its peak resident memory (VmHWM) as it runs. */
    private static long peakResidentBytesUntilExit(Process process) throws IOException, InterruptedException {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long peak = 0;
        while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peak = Math.max(peak, Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                    }
                }
            } catch (IOException gone) {
                // it ended between the wait and the read
            }
        }
        return peak;
    }

    private static String release(String p, String name) {
        return "{\"ocid\": \"ocds-%s-%s\", \"id\": \"1\", \"date\": \"2024-01-01T00:00:00Z\"}".formatted(p, name);
    }

    /**
     * A gzip of many members (RFC 1952 allows them end to end): the head, then one member of a megabyte of parties
     * written again and again until the bomb's line is 1.5 GB, then the tail. A few megabytes on disk, made in a moment.
     */
    private static void writeBomb(Path file, String head, String tail) throws IOException {
        byte[] parties = new byte[PARTIES_A_MEMBER * PARTY.length];
        for (int i = 0; i < PARTIES_A_MEMBER; i++) {
            System.arraycopy(PARTY, 0, parties, i * PARTY.length, PARTY.length);
        }
        byte[] member = gzip(parties);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(gzip(head.getBytes(StandardCharsets.UTF_8)));
            for (long written = 0; written < BOMB_BYTES; written += parties.length) {
                out.write(member);
            }
            out.write(gzip(tail.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The length of the bomb's line in b-lines, as {@link #writeBomb} writes it. */
    private static long lineBytes(String p) {
        long members = (BOMB_BYTES + PARTIES_A_MEMBER * PARTY.length - 1) / (PARTIES_A_MEMBER * PARTY.length);
        return "{\"ocid\": \"ocds-%s-bomb\", \"parties\": [".formatted(p).length() + members * PARTIES_A_MEMBER * PARTY.length + "{}]}".length();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        return bytes.toByteArray();
    }
}
