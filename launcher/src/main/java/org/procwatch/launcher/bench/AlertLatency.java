package org.procwatch.launcher.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.kafka.ReleaseIngest;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.ocds.OcdsRelease;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.topic.Topics;

/**
 * Latency from a release ingested to its alert published, at a steady rate. Releases of new processes are
 * offered to ingest at the rate; a read-committed consumer of the alerts topic takes, for each alert, the
 * time it became readable less the alert record's timestamp, which enrich carries over from the release
 * record ingest produced.
 */
final class AlertLatency {

    /** Percentiles of the latencies measured, in milliseconds. */
    record Result(int alerts, long p50, long p99, long max) {
    }

    private final String bootstrapServers;
    private final SchemaRegistryClient registry;

    AlertLatency(String bootstrapServers, SchemaRegistryClient registry) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
    }

    /**
     * Offers the releases of {@code file} at {@code perSecond}, then waits until {@code releasesInTables}
     * reaches {@code expectedInTables}, by which time every alert is published.
     */
    Result measure(Path file, int perSecond, LongSupplier releasesInTables, long expectedInTables, BenchProgress progress)
            throws IOException, InterruptedException {
        List<OcdsRelease> releases = new ArrayList<>();
        new OcdsReader().read(file, releases::add, problem -> {
            throw new IllegalStateException("the synthetic releases should all be valid: " + problem);
        });
        List<Long> latencies = new ArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        try (KafkaConsumer<byte[], byte[]> alerts = alertsConsumer()) {
            Thread reader = Thread.ofPlatform().name("bench-alert-latency").start(() -> {
                while (reading.get()) {
                    for (ConsumerRecord<byte[], byte[]> alert : alerts.poll(Duration.ofMillis(20))) {
                        latencies.add(System.currentTimeMillis() - alert.timestamp());
                    }
                }
            });
            offerAtRate(releases, perSecond, progress);
            while (releasesInTables.getAsLong() < expectedInTables) {
                Thread.sleep(100);
            }
            Thread.sleep(1_000); // alerts are committed with their contracts; a second lets the consumer read the last
            reading.set(false);
            reader.join();
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return new Result(0, -1, -1, -1);
        }
        return new Result(sorted.size(), percentile(sorted, 50), percentile(sorted, 99), sorted.getLast());
    }

    private void offerAtRate(List<OcdsRelease> releases, int perSecond, BenchProgress progress) {
        try (IngestWriter writer = new IngestWriter(Map.of("bootstrap.servers", bootstrapServers), registry, IngestTopics.standard(),
                "procwatch-bench-latency")) {
            ReleaseIngest ingest = new ReleaseIngest(writer, ReadLimits.DEFAULTS.maxReleaseBytes());
            long start = System.nanoTime();
            long interval = 1_000_000_000L / perSecond;
            for (int i = 0; i < releases.size(); i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                ingest.offer(releases.get(i), "bench", Instant.now());
                progress.show("latency run, releases offered", i + 1);
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> alertsConsumer() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fixes the start before any release is offered
        return consumer;
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
