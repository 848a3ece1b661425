package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.procwatch.schemas.json.ExactNumbers;

/**
 * The merge engine alone, on one thread: 100 real-shaped processes of 4 releases each ({@code bench/releases-400.jsonl.gz},
 * made by {@code ./procwatch generate --releases 100000 --per-process 4 --seed 1}, its first 400 lines), each merged from
 * its releases' JSON bytes into the JSON bytes of its compiled (or versioned) release; and as enrich's streaming
 * compile does it, each release merged into the process read back from its stored state, which is stored again, and a
 * compiled release written and read as a tree (for screening). Scores are processes per second. Run by {@link ProcessTreeBenchmarkTest} when asked; figures in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcessTreeBenchmark {

    static final int PROCESSES = 100;
    private static final ObjectMapper TREES = ExactNumbers.exact(JsonMapper.builder()).build();
    private static final MergeRules RULES = MergeRules.forVersion("1.1");

    /** Each process's releases, as their bytes, in input order. */
    private final Map<String, List<byte[]>> processes = new LinkedHashMap<>();

    @Setup
    public void readReleases() {
        try (InputStream in = new GZIPInputStream(ProcessTreeBenchmark.class.getResourceAsStream("/bench/releases-400.jsonl.gz"));
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String ocid = TREES.readTree(line).get("ocid").asText();
                processes.computeIfAbsent(ocid, key -> new ArrayList<>()).add(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (processes.size() != PROCESSES) {
            throw new IllegalStateException("expected " + PROCESSES + " processes in the sample, found " + processes.size());
        }
    }

    Map<String, List<byte[]>> processes() {
        return processes;
    }

    @Benchmark
    @OperationsPerInvocation(PROCESSES)
    public void compiledReleaseFromBytes(Blackhole sink) {
        processes.forEach((ocid, releases) -> sink.consume(compiled(ocid, releases)));
    }

    @Benchmark
    @OperationsPerInvocation(PROCESSES)
    public void versionedReleaseFromBytes(Blackhole sink) {
        processes.forEach((ocid, releases) -> {
            ProcessTree process = new ProcessTree(ocid, RULES, true);
            releases.forEach(json -> process.mergeUnchecked(json, 0, json.length, () -> null));
            sink.consume(process.versionedRelease());
        });
    }

    @Benchmark
    @OperationsPerInvocation(PROCESSES)
    public void compiledReleaseThroughTheStoreAfterEveryRelease(Blackhole sink) {
        processes.forEach((ocid, releases) -> sink.consume(compiledThroughTheStore(ocid, releases, sink::consume)));
    }

    /**
     * The compiled release after each release, as enrich makes it: the process read back, merged, stored again, its
     * compiled release written and read as a tree, handed to {@code screening}.
     */
    static byte[] compiledThroughTheStore(String ocid, List<byte[]> releases, Consumer<JsonNode> screening) {
        byte[] stored = ProcessTreeCodec.encode(new ProcessTree(ocid, RULES, false));
        byte[] compiled = null;
        for (byte[] json : releases) {
            ProcessTree process = ProcessTreeCodec.decode(stored, RULES);
            process.merge(json, 0, json.length, () -> null);
            stored = ProcessTreeCodec.encode(process);
            compiled = process.compiledRelease();
            try {
                screening.accept(TREES.readTree(compiled));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return compiled;
    }

    static byte[] compiled(String ocid, List<byte[]> releases) {
        ProcessTree process = new ProcessTree(ocid, RULES, false);
        releases.forEach(json -> process.mergeUnchecked(json, 0, json.length, () -> null));
        return process.compiledRelease();
    }
}
