package org.procwatch.launcher.compile;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.ingest.ocds.OcdsSource;

/**
 * Compiles {@code compile}'s input in one reading, run by run: the releases of one ocid that come one after another
 * are merged on a pool of threads as soon as the next ocid starts, while reading goes on, and what each made goes to
 * the {@link Spill} in turn. Input grouped by ocid is then done, holding only the runs being compiled; a process
 * whose releases came in more than one run ({@link #scattered()}) is compiled again, whole, from a second reading.
 */
final class RunCompile implements CompileInput.Visitor, AutoCloseable {

    /** Runs each thread may have compiled ahead of the one being spilled: enough to keep it busy, few enough to hold. */
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

    /** A process made: what to write of it, and what to say of it on standard error, in its turn. */
    record Piece(String ocid, byte[] json, String messages, int problems) {
    }

    private final ExtensionSchemas extensions;
    private final ProcessWriter writer;
    private final Spill spill;
    private final int window;
    private final ExecutorService workers;
    private final Map<String, MergeRules> rules = new ConcurrentHashMap<>();
    /** For each process: how many runs its releases came in, and how many bytes they are. */
    private final Map<String, long[]> runs = new HashMap<>();
    private final Deque<Future<Piece>> making = new ArrayDeque<>();
    private String runOcid;
    private Gathered run;

    RunCompile(int threads, ExtensionSchemas extensions, ProcessWriter writer, Spill spill) {
        this.extensions = extensions;
        this.writer = writer;
        this.spill = spill;
        this.window = threads * WINDOW_PER_THREAD;
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "compile");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void release(String ocid, byte[] json, OcdsSource source, String position) {
        if (!ocid.equals(runOcid)) {
            closeRun();
            runOcid = ocid;
            run = new Gathered();
        }
        run.add(json, source, position);
        runs.computeIfAbsent(ocid, key -> new long[2])[1] += json.length;
    }

    /** Spills every run left; reading has ended. */
    void finish() throws IOException {
        closeRun();
        spillReady(true);
    }

    /** The processes whose releases came in more than one run: what was spilled of them is not their whole. */
    Set<String> scattered() {
        return runs.entrySet().stream().filter(entry -> entry.getValue()[0] > 1).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** How many bytes the releases of these processes are. */
    long bytesOf(Set<String> ocids) {
        return ocids.stream().mapToLong(ocid -> runs.get(ocid)[1]).sum();
    }

    /** Compiles whole processes, each from all its releases, on the pool: for the {@link #scattered()} ones. */
    Map<String, Piece> compileWhole(Map<String, Gathered> processes) throws IOException {
        Map<String, Future<Piece>> futures = new HashMap<>();
        processes.forEach((ocid, gathered) -> futures.put(ocid, workers.submit(() -> make(ocid, gathered))));
        Map<String, Piece> pieces = new HashMap<>();
        for (Map.Entry<String, Future<Piece>> entry : futures.entrySet()) {
            pieces.put(entry.getKey(), get(entry.getValue()));
        }
        return pieces;
    }

    private void closeRun() {
        if (run == null) {
            return;
        }
        String ocid = runOcid;
        Gathered gathered = run;
        runs.get(ocid)[0]++;
        making.add(workers.submit(() -> make(ocid, gathered)));
        run = null;
        try {
            spillReady(false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    /** Spills the runs made, in turn: those done, and, while more than a window wait, the next even if it must be waited for. */
    private void spillReady(boolean all) throws IOException {
        while (!making.isEmpty() && (all || making.peek().isDone() || making.size() > window)) {
            spill.add(get(making.poll()));
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
