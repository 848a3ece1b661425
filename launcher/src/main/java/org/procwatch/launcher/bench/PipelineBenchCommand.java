package org.procwatch.launcher.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.streams.StreamsConfig;
import org.procwatch.enrich.app.EnrichApp;
import org.procwatch.enrich.topology.EnrichSettings;
import org.procwatch.enrich.topology.EnrichTopics;
import org.procwatch.ingest.file.FileIngest;
import org.procwatch.ingest.foi.ColumnMapping;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.ingest.source.InputType;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.TopicCopier;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.schemas.watchlist.WatchlistFile;
import org.procwatch.sink.consumer.SinkRunner;
import org.procwatch.sink.consumer.SinkSettings;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.StackPorts;
import org.procwatch.stack.kafka.KafkaTopics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./procwatch bench}: on a stack of its own and the same synthetic releases, the Kafka Streams
 * exactly-once pass-through (the ceiling), the least Kafka work a pipeline of procwatch's contracts does
 * ({@link KafkaFloor}), and the whole pipeline, file ingest to the last release in PostgreSQL; then the
 * latency from release ingested to alert published at a steady rate. The last line is
 * {@code ratio=<pipeline/pass-through>}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures the whole pipeline (ingest → enrich → sink) against a Kafka Streams exactly-once pass-through on the "
                + "same releases, on a stack of its own, then alert latency at a steady rate. Last line: ratio=<pipeline/pass-through>.")
public final class PipelineBenchCommand implements Callable<Integer> {

    @Option(names = "--records", defaultValue = "100000", paramLabel = "N", description = "Synthetic releases (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--per-process", defaultValue = "4", paramLabel = "N",
            description = "Releases per contracting process, 1 to 4; 1 makes a compiled contract of every release (default: ${DEFAULT-VALUE}).")
    int perProcess;

    @Option(names = "--latency-rate", defaultValue = "1000", paramLabel = "N",
            description = "Releases per second offered while latency is measured (default: ${DEFAULT-VALUE}).")
    int latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "30", paramLabel = "N",
            description = "How long latency is measured; 0 leaves it out (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--stream-threads", defaultValue = "1", paramLabel = "N",
            description = "Kafka Streams threads of enrich, the pass-through and the floor alike (default: ${DEFAULT-VALUE}).")
    int streamThreads;

    @Override
    public Integer call() throws Exception {
        try (WorkFolder work = WorkFolder.create("procwatch-bench")) {
            return bench(work);
        }
    }

    private int bench(WorkFolder work) throws Exception {
        int perProcess = Math.max(1, Math.min(4, this.perProcess));
        long processes = (records + perProcess - 1) / perProcess;
        Path releases = new SyntheticReleases(1, perProcess).writeJsonLines(work.resolve("releases.jsonl"), records);
        long latencyReleases = (long) latencyRate * latencySeconds;
        Path latencyFile = new SyntheticReleases(2, 1, processes).writeJsonLines(work.resolve("latency.jsonl"), latencyReleases);
        System.out.printf(Locale.ROOT, "%,d releases of %,d contracting processes, %,.1f MB of JSON Lines; starting a stack ...%n",
                records, processes, Files.size(releases) / 1e6);
        BenchProgress progress = new BenchProgress(System.err, records);
        try (LocalStack stack = LocalStack.start(work.resolve("stack"), StackPorts.anyFree(), StackPorts.anyFree(), Topics.allWithInternal())) {
            RestSchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());

            IngestTopics ceilingTopics = IngestTopics.standard().copied(TopicCopier.suffixed(".bench-ceiling-in"));
            TopicDescriptor<?, ?> ceilingOut = Topics.RELEASES.renamed(Topics.RELEASES.name() + ".bench-ceiling-out");
            ensure(stack, ceilingTopics, ceilingOut);
            System.out.println("Writing the releases for the pass-through (not measured) ...");
            ingest(stack, registry, ceilingTopics, "procwatch-bench-ceiling", releases);
            double ceilingSeconds = new PassThroughCeiling(new BenchStreams(stack.bootstrapServers(), work.resolve("pass-through-state"), streamThreads))
                    .measure(ceilingTopics.releases().name(), ceilingOut.name(), progress);
            double ceilingRate = records / ceilingSeconds;
            System.out.printf(Locale.ROOT, "pass-through (Kafka Streams, exactly-once): %,d records in %.1f s = %,.0f records/s%n",
                    records, ceilingSeconds, ceilingRate);

            IngestTopics floorTopics = IngestTopics.standard().copied(TopicCopier.suffixed(".bench-floor-in"));
            TopicDescriptor<?, ?> floorOut = Topics.RELEASES.renamed(Topics.RELEASES.name() + ".bench-floor-out");
            ensure(stack, floorTopics, floorOut);
            double floorSeconds = new KafkaFloor(new BenchStreams(stack.bootstrapServers(), work.resolve("floor-state"), streamThreads))
                    .measure(floorTopics.releases().name(), floorOut.name(), records,
                            () -> ingest(stack, registry, floorTopics, "procwatch-bench-floor", releases), progress);
            double floorRate = records / floorSeconds;
            System.out.printf(Locale.ROOT, "floor (ingest → exactly-once keep-and-copy → read-committed consumer, no work of its own): "
                    + "%,d releases in %.1f s = %,.0f releases/s, %.2f of the pass-through%n", records, floorSeconds, floorRate, floorRate / ceilingRate);

            Path enrichState = work.resolve("enrich-state");
            try (IngestWriter writer = writer(stack, registry, IngestTopics.standard(), "procwatch-bench-watchlist")) {
                new FileIngest(writer, ColumnMapping.canonical()).ingestWatchlist(WatchlistFile.bundled(), "bundled watchlist");
            }
            try (EnrichApp enrich = EnrichApp.start(EnrichTopics.standard(), registry, EnrichSettings.defaults(stack.bootstrapServers(), enrichState)
                    .withOverrides(Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads)));
                 SinkRunner sink = SinkRunner.start(SinkSettings.defaults(stack.bootstrapServers()), registry, stack.dataSource())) {
                while (!enrich.isRunning()) {
                    Thread.sleep(100);
                }
                PipelineRun run = pipeline(stack, registry, releases, progress);
                double pipelineRate = records / run.seconds();
                System.out.printf(Locale.ROOT, "pipeline (ingest → enrich → sink): %,d releases in %.1f s = %,.0f releases/s; %,d contracts "
                                + "and %,d alerts in PostgreSQL%n", records, run.seconds(), pipelineRate,
                        count(stack.dataSource(), "SELECT count(*) FROM contracts"), count(stack.dataSource(), "SELECT count(*) FROM alerts"));
                System.out.printf(Locale.ROOT, "pipeline, warm-up apart: the first half of the releases at %,.0f releases/s, the second at "
                                + "%,.0f releases/s; the JIT's threads spent %.1f s compiling meanwhile%n", run.firstHalfRate(), run.secondHalfRate(),
                        run.jitSeconds());
                System.out.printf(Locale.ROOT, "enrich state on disk: %,.1f MB for %,d compiled contracts; heap in use after a full GC "
                        + "(this JVM: ingest, enrich, sink): %,.1f MB%n", sizeOf(enrichState) / 1e6, processes, heapAfterGc() / 1e6);
                if (latencyReleases > 0) {
                    AlertLatency.Result latency;
                    try (ReleasesInTables tables = new ReleasesInTables(stack.dataSource())) {
                        latency = new AlertLatency(stack.bootstrapServers(), registry).measure(latencyFile, latencyRate, tables::count,
                                records + latencyReleases, new BenchProgress(System.err, latencyReleases));
                    }
                    System.out.printf(Locale.ROOT, "latency, release ingested → alert published, at %,d releases/s for %d s: %,d alerts, "
                            + "p50 %,d ms, p99 %,d ms, max %,d ms%n", latencyRate, latencySeconds, latency.alerts(), latency.p50(),
                            latency.p99(), latency.max());
                }
                System.out.printf(Locale.ROOT, "ratio=%.2f%n", pipelineRate / ceilingRate);
            }
        }
        return 0;
    }

    /**
     * The pipeline's run: seconds from ingest's start until PostgreSQL has every release in its contracts, and when it
     * had half of them. The first half carries the JIT's warm-up (this JVM's compile time, which the second core pays),
     * the second shows the steady state.
     */
    record PipelineRun(long releases, double seconds, long halfway, double halfwaySeconds, double jitSeconds) {

        double firstHalfRate() {
            return halfway / halfwaySeconds;
        }

        /** The steady state's rate; the first half's where all came in one look. */
        double secondHalfRate() {
            return halfway == releases ? firstHalfRate() : (releases - halfway) / (seconds - halfwaySeconds);
        }
    }

    private PipelineRun pipeline(LocalStack stack, RestSchemaRegistryClient registry, Path releases, BenchProgress progress) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitBefore = jit.getTotalCompilationTime();
        long start = System.nanoTime();
        BackgroundWork ingest = BackgroundWork.start("bench-ingest",
                () -> ingest(stack, registry, IngestTopics.standard(), "procwatch-bench-ingest", releases));
        long inTables;
        long halfway = 0;
        double halfwaySeconds = 0;
        try (ReleasesInTables tables = new ReleasesInTables(stack.dataSource())) {
            while ((inTables = tables.count()) < records) {
                if (halfway == 0 && inTables >= records / 2) {
                    halfway = inTables;
                    halfwaySeconds = (System.nanoTime() - start) / 1e9;
                }
                ingest.check();
                progress.show("pipeline, releases in PostgreSQL", inTables);
                ReleasesInTables.pause();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (halfway == 0) {
            halfway = inTables; // all of them came in one look: no halves to tell apart
            halfwaySeconds = seconds;
        }
        ingest.join();
        return new PipelineRun(records, seconds, halfway, halfwaySeconds, (jit.getTotalCompilationTime() - jitBefore) / 1e3);
    }

    private static void ingest(LocalStack stack, RestSchemaRegistryClient registry, IngestTopics topics, String transactionalId, Path file)
            throws IOException {
        try (IngestWriter writer = writer(stack, registry, topics, transactionalId)) {
            new FileIngest(writer, ColumnMapping.canonical(), IngestProgress.NONE, ReadLimits.DEFAULTS)
                    .ingest(List.of(new InputSpec(file, Optional.of(InputType.OCDS))));
        }
    }

    private static IngestWriter writer(LocalStack stack, RestSchemaRegistryClient registry, IngestTopics topics, String transactionalId) {
        return new IngestWriter(Map.of("bootstrap.servers", stack.bootstrapServers()), registry, topics, transactionalId);
    }

    private static long count(DataSource database, String query) {
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL did not answer " + query + ": " + e.getMessage(), e);
        }
    }

    /** Creates a phase's copies of ingest's topics and the topic it writes to. */
    private static void ensure(LocalStack stack, IngestTopics input, TopicDescriptor<?, ?> output) {
        List<TopicDescriptor<?, ?>> topics = new ArrayList<>(input.all());
        topics.add(output);
        KafkaTopics.ensure(stack.bootstrapServers(), topics);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long sizeOf(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // a RocksDB file compacted away meanwhile
                }
            }).sum();
        }
    }
}
