package org.procwatch.launcher.compile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.procwatch.ingest.ocds.OcdsSource;

/**
 * The processes whose releases were not together in {@code compile}'s input, compiled whole in bounded memory: their
 * releases, read a second time, are sorted by ocid into buckets on disk, and one bucket's processes at a time are
 * merged, so that the whole run takes at most about a quarter of the input's size in memory (but never less than
 * {@value #LEAST_BUDGET_BYTES} bytes for a bucket); what each made goes to a {@link Spill} of its own.
 */
final class ScatteredProcesses implements CompileInput.Visitor, AutoCloseable {

    /** Below this much, a quarter of the input is not worth a bucket more. */
    static final long LEAST_BUDGET_BYTES = 64L << 20;
    /**
     * What the JVM takes whatever the input: classes, compiled code, threads, the rest of compile's state (measured: 110 MB
     * max RSS compiling 400 releases), which the quarter of the input must leave room for.
     */
    static final long JVM_OWN_BYTES = 128L << 20;
    /**
     * The heap a bucket's byte takes at its peak: the release's bytes, its process's tree, and the garbage of merging
     * between two young collections (measured: ~400 MB of heap for a bucket of 180 MB of releases; counting 3 left
     * 400,000 shuffled releases at 7% over a quarter of their size in max RSS, 4 under it).
     */
    private static final int BYTES_HELD_PER_BYTE = 4;

    private final Set<String> ocids;
    private final List<Path> bucketFiles = new ArrayList<>();
    private final List<DataOutputStream> buckets = new ArrayList<>();
    private final Map<OcdsSource, Integer> sourceNumbers = new IdentityHashMap<>();
    private final List<OcdsSource> sources = new ArrayList<>();
    private final Spill made;
    private final Map<String, Spill.Entry> entries = new HashMap<>();

    /**
     * @param ocids      the processes to compile whole
     * @param bytes      how many bytes their releases are
     * @param inputBytes how many bytes the whole input is
     * @param leastBudget the bytes that may always be held ({@link #LEAST_BUDGET_BYTES}; less in a test)
     */
    ScatteredProcesses(Set<String> ocids, long bytes, long inputBytes, long leastBudget, Path tempDir) throws IOException {
        this.ocids = ocids;
        long budget = Math.max(leastBudget, inputBytes / 4 - JVM_OWN_BYTES);
        // Input grouped by ocid has no process to compile again, and needs no file for one.
        long count = ocids.isEmpty() ? 0 : Math.max(1, (bytes * BYTES_HELD_PER_BYTE + budget - 1) / budget);
        for (int i = 0; i < count; i++) {
            Path file = Files.createTempFile(tempDir, "procwatch-compile-bucket-", ".bin");
            bucketFiles.add(file);
            buckets.add(new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)));
        }
        this.made = ocids.isEmpty() ? null : new Spill(tempDir);
    }

    int bucketCount() {
        return buckets.size();
    }

    @Override
    public void release(String ocid, byte[] json, OcdsSource source, String position) {
        if (!ocids.contains(ocid)) {
            return;
        }
        Integer number = sourceNumbers.get(source);
        if (number == null) {
            number = sources.size();
            sourceNumbers.put(source, number);
            sources.add(source);
        }
        DataOutputStream bucket = buckets.get(Math.floorMod(ocid.hashCode(), buckets.size()));
        try {
            bucket.writeInt(number);
            writeText(bucket, ocid);
            writeText(bucket, position == null ? "" : position);
            bucket.writeInt(json.length);
            bucket.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles the processes bucket by bucket, after the second reading. */
    void compile(RunCompile runs) throws IOException {
        for (DataOutputStream bucket : buckets) {
            bucket.close();
        }
        for (Path file : bucketFiles) {
            if (file != bucketFiles.getFirst()) {
                // The last bucket's releases outlived young collections, so they sit dead in the old generation, which
                // grows rather than collect: collected now, the heap holds one bucket, as the budget means (shuffled
                // 100,000 releases: 230 MB max RSS instead of 630 MB, ~40 ms a bucket).
                System.gc();
            }
            Map<String, Gathered> processes = new LinkedHashMap<>();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                while (true) {
                    int source;
                    try {
                        source = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    String ocid = readText(in);
                    String position = readText(in);
                    byte[] json = in.readNBytes(in.readInt());
                    processes.computeIfAbsent(ocid, key -> new Gathered()).add(json, sources.get(source), position.isEmpty() ? null : position);
                }
            }
            Files.delete(file);
            for (RunCompile.Piece piece : runs.compileWhole(processes).values()) {
                entries.put(piece.ocid(), made.add(piece));
            }
        }
    }

    /** What was made of a process compiled whole, or null for one that was not scattered. */
    Spill.Entry entry(String ocid) {
        return entries.get(ocid);
    }

    byte[] json(Spill.Entry entry) throws IOException {
        return entry.length() < 0 ? null : made.read(entry);
    }

    int size() {
        return entries.size();
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        for (DataOutputStream bucket : buckets) {
            bucket.close();
        }
        for (Path file : bucketFiles) {
            Files.deleteIfExists(file);
        }
        if (made != null) {
            made.close();
        }
    }
}
