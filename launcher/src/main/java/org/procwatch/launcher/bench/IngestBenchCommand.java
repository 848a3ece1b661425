package org.procwatch.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.procwatch.ingest.file.FileIngest;
import org.procwatch.ingest.foi.ColumnMapping;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.kafka.ReleaseIngest;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.TopicCopier;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.StackPorts;
import org.procwatch.stack.kafka.KafkaTopics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./procwatch bench-ingest}: file ingest against the raw producer rate for the same records, on a
 * stack of its own. The raw producer sends the releases' records, built and serialized beforehand, with
 * ingest's producer settings and nothing else; file ingest reads the same releases from a JSON Lines file
 * and does all its work: parsing, records, de-duplication keys, transactions.
 */
@Command(name = "bench-ingest", mixinStandardHelpOptions = true,
        description = "Measures file ingest against the raw producer rate for the same records, on a stack of its own.")
public final class IngestBenchCommand implements Callable<Integer> {

    @Option(names = "--releases", defaultValue = "100000", paramLabel = "N", description = "Synthetic releases to ingest (default: ${DEFAULT-VALUE}).")
    int releases;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Measured runs of each, alternating (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws Exception {
        try (WorkFolder work = WorkFolder.create("procwatch-bench-ingest")) {
            return bench(work);
        }
    }

    private int bench(WorkFolder work) throws Exception {
        Path file = work.resolve("releases.jsonl");
        new SyntheticReleases(1, 4).writeJsonLines(file, releases);
        System.out.printf(Locale.ROOT, "%,d releases, %,.1f MB of JSON Lines; starting a stack ...%n", releases, Files.size(file) / 1e6);
        try (LocalStack stack = LocalStack.start(work.resolve("stack"), StackPorts.anyFree(), StackPorts.anyFree(), Topics.allWithInternal())) {
            var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
            // Every run's topics exist, with their leaders settled, before anything is measured.
            List<String> runNames = new ArrayList<>(List.of("warm-up"));
            for (int run = 1; run <= runs; run++) {
                runNames.add(String.valueOf(run));
            }
            List<TopicDescriptor<?, ?>> topics = new ArrayList<>();
            for (String run : runNames) {
                topics.add(renamed(Topics.RELEASES, "raw-" + run));
                IngestTopics copies = IngestTopics.standard().copied(TopicCopier.suffixed(".bench-ingest-" + run));
                topics.addAll(copies.all());
            }
            KafkaTopics.ensure(stack.bootstrapServers(), topics);
            List<byte[][]> records = serializedRecords(file, registry);
            long bytes = records.stream().mapToLong(record -> record[0].length + record[1].length).sum();
            // A first run of each warms the JVM and the broker; it is not counted.
            raw(stack, records, "raw-warm-up");
            ingest(stack, registry, file, "ingest-warm-up");
            System.out.printf(Locale.ROOT, "%-4s %16s %16s %8s%n", "run", "raw records/s", "ingest records/s", "ratio");
            for (int run = 1; run <= runs; run++) {
                double rawSeconds = raw(stack, records, "raw-" + run);
                double ingestSeconds = ingest(stack, registry, file, "ingest-" + run);
                System.out.printf(Locale.ROOT, "%-4d %,16.0f %,16.0f %7.0f%%%n", run, records.size() / rawSeconds,
                        records.size() / ingestSeconds, 100 * rawSeconds / ingestSeconds);
            }
            long read = System.nanoTime();
            serializedRecords(file, registry);
            System.out.printf(Locale.ROOT, "record values and keys: %,.1f MB; reading the file into serialized records alone: %,.0f records/s%n",
                    bytes / 1e6, records.size() / ((System.nanoTime() - read) / 1e9));
        }
        return 0;
    }

    /** Each release's key and value as ingest would produce them. */
    private static List<byte[][]> serializedRecords(Path file, RestSchemaRegistryClient registry) throws IOException {
        TopicDescriptor<String, IngestedRelease> topic = Topics.RELEASES;
        Serializer<String> keys = topic.keySerde(registry).serializer();
        Serializer<IngestedRelease> values = topic.valueSerde(registry).serializer();
        List<byte[][]> records = new ArrayList<>();
        Instant now = Instant.now();
        new OcdsReader().read(file, read -> {
            IngestedRelease record = ReleaseIngest.record(read, "file", now);
            records.add(new byte[][] {keys.serialize(topic.name(), record.getOcid()), values.serialize(topic.name(), record)});
        }, problem -> {
            throw new IllegalStateException("the synthetic releases should all be valid: " + problem);
        });
        return records;
    }

    /** Seconds the raw producer takes to send every record and have it acknowledged. */
    private static double raw(LocalStack stack, List<byte[][]> records, String run) {
        TopicDescriptor<String, IngestedRelease> topic = renamed(Topics.RELEASES, run);
        Map<String, Object> config = new HashMap<>(IngestWriter.producerTuning());
        config.put("bootstrap.servers", stack.bootstrapServers());
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[][] record : records) {
                producer.send(new ProducerRecord<>(topic.name(), record[0], record[1]));
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds file ingest takes, from opening its writer to its last commit. */
    private static double ingest(LocalStack stack, RestSchemaRegistryClient registry, Path file, String run) throws IOException {
        IngestTopics topics = IngestTopics.standard().copied(TopicCopier.suffixed(".bench-" + run));
        long start = System.nanoTime();
        try (IngestWriter writer = new IngestWriter(Map.of("bootstrap.servers", stack.bootstrapServers()), registry, topics,
                "bench-" + run)) {
            System.out.printf(Locale.ROOT, "  (%s: the ingest writer was ready after %.2f s)%n", run, (System.nanoTime() - start) / 1e9);
            new FileIngest(writer, ColumnMapping.canonical(), IngestProgress.NONE, ReadLimits.DEFAULTS)
                    .ingest(List.of(new InputSpec(file, Optional.empty())));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static <K, V> TopicDescriptor<K, V> renamed(TopicDescriptor<K, V> topic, String run) {
        return topic.renamed(topic.name() + ".bench-" + run);
    }
}
