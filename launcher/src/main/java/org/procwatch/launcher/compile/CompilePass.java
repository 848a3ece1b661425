package org.procwatch.launcher.compile;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.ingest.ocds.OcdsSource;

/**
 * The second reading of {@code compile}'s input: each process's releases are gathered until its last (which the
 * {@link InputIndex} knows), then merged and written on a pool of threads while reading goes on; what each made is
 * handed to {@link Output} in the order processes first appear, with its messages in their turn. Input grouped by ocid
 * holds only the processes being compiled; other input holds each process until its last release.
 */
final class CompilePass implements CompileInput.Visitor, AutoCloseable {

    /** Processes each thread may have compiled ahead of the one being written: enough to keep it busy, few enough to hold. */
    private static final int WINDOW_PER_THREAD = 64;

    /** Makes what is written of one process. */
    @FunctionalInterface
    interface ProcessWriter {
        /** @param err where its problems are told, one line each */
        Made write(String ocid, Gathered process, MergeRules rules, PrintWriter err) throws IOException;
    }

    /**
     * What was made of a process.
     *
     * @param json     the JSON to write, or null when nothing could be made
     * @param problems how many problems were told
     */
    record Made(byte[] json, int problems) {
    }

    /** Where a process's JSON and messages go, in their turn. */
    interface Output {
        void process(String ocid, byte[] json, String messages, int problems) throws IOException;
    }

    /** A process's releases, gathered for its merge, with the packages they came in. */
    static final class Gathered {
        String version;
        final Set<String> extensions = new LinkedHashSet<>();
        final List<ProcessCompile.Waiting> releases = new ArrayList<>(4);
        final List<OcdsSource> sources = new ArrayList<>(4);
    }

    /** A process made: what to write of it, and what to say of it. */
    private record Piece(String ocid, byte[] json, String messages, int problems) {
    }

    private final InputIndex index;
    private final ExtensionSchemas extensions;
    private final ProcessWriter writer;
    private final Output output;
    private final int window;
    private final ExecutorService workers;
    private final Map<String, MergeRules> rules = new ConcurrentHashMap<>();
    private final Map<Integer, Gathered> open = new HashMap<>();
    private final TreeMap<Integer, Future<Piece>> made = new TreeMap<>();
    private int nextRelease;
    private int nextToWrite;

    CompilePass(InputIndex index, int threads, ExtensionSchemas extensions, ProcessWriter writer, Output output) {
        this.index = index;
        this.extensions = extensions;
        this.writer = writer;
        this.output = output;
        this.window = threads * WINDOW_PER_THREAD;
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "compile");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void release(String ocid, byte[] json, OcdsSource source, String position) {
        int release = nextRelease++;
        int process = index.processOf(release);
        Gathered gathered = open.computeIfAbsent(process, p -> new Gathered());
        String version = source.mergeVersion();
        // A process published under both versions merges by the newer rules.
        if (gathered.version == null || version.compareTo(gathered.version) > 0) {
            gathered.version = version;
        }
        gathered.extensions.addAll(source.extensions());
        gathered.releases.add(new ProcessCompile.Waiting(json, position == null ? source.uri() : source.uri() + " " + position));
        gathered.sources.add(source);
        if (index.isLast(release)) {
            open.remove(process);
            made.put(process, workers.submit(() -> make(index.ocid(process), gathered)));
            try {
                writeReady(false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Writes every process left; each has had its last release by now. */
    void finish() throws IOException {
        writeReady(true);
    }

    private Piece make(String ocid, Gathered gathered) throws IOException {
        MergeRules processRules = rules.computeIfAbsent(gathered.version + " " + gathered.extensions,
                key -> MergeRules.forPackage(gathered.version, List.copyOf(gathered.extensions), extensions));
        StringWriter messages = new StringWriter();
        PrintWriter err = new PrintWriter(messages);
        Made made = writer.write(ocid, gathered, processRules, err);
        err.flush();
        return new Piece(ocid, made.json(), messages.toString(), made.problems());
    }

    /**
     * Writes the made processes that are next in turn: those done, and, while more than a window are waiting, the next
     * even if it must be waited for; at the end, all.
     */
    private void writeReady(boolean all) throws IOException {
        while (!made.isEmpty() && made.firstKey() == nextToWrite) {
            Future<Piece> next = made.firstEntry().getValue();
            if (!all && !next.isDone() && made.size() <= window) {
                return;
            }
            Piece piece = get(next);
            made.pollFirstEntry();
            nextToWrite++;
            output.process(piece.ocid(), piece.json(), piece.messages(), piece.problems());
        }
    }

    private static Piece get(Future<Piece> next) throws IOException {
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
