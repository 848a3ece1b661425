package org.procwatch.launcher.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The least Kafka work any pipeline of procwatch's contracts does per release, with no work of its own: ingest
 * writes the release to the releases topic; an exactly-once Kafka Streams app (the pass-through's settings)
 * keeps it in a logged store, as compiling must keep each process's state so that a restart resumes it, and
 * writes one record to an output topic, as the compiled contract must be published; a read-committed
 * consumer reads that record, as the sink must. No parsing, merging, screening or PostgreSQL. Timed like the
 * pipeline: from ingest's start until the consumer has every record. What the real pipeline does beyond
 * this is what procwatch itself costs.
 */
final class KafkaFloor {

    private static final Duration POLL = Duration.ofMillis(100);

    private final BenchStreams settings;

    KafkaFloor(BenchStreams settings) {
        this.settings = settings;
    }

    /**
     * Seconds from calling {@code ingest} until every one of {@code records} releases it writes to {@code input}
     * has been kept, copied to {@code output} and read back from it.
     */
    double measure(String input, String output, long records, BackgroundWork.Task ingest, BenchProgress progress) throws Exception {
        try (KafkaStreams streams = new KafkaStreams(topology(input, output), settings.properties("procwatch-bench-floor"));
             KafkaConsumer<byte[], byte[]> consumer = readCommitted(output)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (streams.state().hasCompletedShutdown()) {
                    throw new IllegalStateException("The floor's Kafka Streams app stopped before it ran: " + streams.state());
                }
                Thread.sleep(POLL.toMillis());
            }
            long start = System.nanoTime();
            BackgroundWork writer = BackgroundWork.start("bench-floor-ingest", ingest);
            long read = 0;
            while (read < records) {
                writer.check();
                if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
                    throw new IllegalStateException("The floor's Kafka Streams app stopped after " + read + " records: " + streams.state());
                }
                read += consumer.poll(POLL).count();
                progress.show("floor, records read back", read);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            writer.join();
            return seconds;
        }
    }

    private static Topology topology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KeepLatest.STORE), Serdes.Bytes(), Serdes.ByteArray()));
        builder.stream(input, Consumed.with(Serdes.Bytes(), Serdes.ByteArray()))
                .process(KeepLatest::new, Named.as("keep"), KeepLatest.STORE)
                .to(output, Produced.with(Serdes.Bytes(), Serdes.ByteArray()));
        return builder.build();
    }

    private KafkaConsumer<byte[], byte[]> readCommitted(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(partition -> new TopicPartition(topic, partition.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Keeps each record's value in a logged store under its key, and passes the record on. */
    private static final class KeepLatest implements Processor<Bytes, byte[], Bytes, byte[]> {

        static final String STORE = "floor-state";
        private ProcessorContext<Bytes, byte[]> context;
        private KeyValueStore<Bytes, byte[]> store;

        @Override
        public void init(ProcessorContext<Bytes, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<Bytes, byte[]> record) {
            store.put(record.key(), record.value());
            context.forward(record);
        }
    }
}
