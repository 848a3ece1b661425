package org.procwatch.launcher.run;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many committed records each topic holds, counted by reading the topics from the start and then
 * following them. Offsets alone would overcount: every transaction leaves a commit marker in the log.
 * For a compacted topic the count includes values that compaction has not removed yet.
 */
final class TopicCounts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicCounts.class);

    private final List<? extends TopicDescriptor<?, ?>> topics;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;

    TopicCounts(String bootstrapServers, List<? extends TopicDescriptor<?, ?>> topics) {
        this.topics = topics;
        topics.forEach(topic -> counts.put(topic.name(), new AtomicLong()));
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::count, "topic-counts");
        reader.setDaemon(true);
        reader.start();
    }

    /** Topic name to record count, in pipeline order. */
    Map<String, Long> counts() {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        topics.forEach(topic -> snapshot.put(topic.name(), counts.get(topic.name()).get()));
        return snapshot;
    }

    /** The counts as a gauge per topic, for {@code /metrics}. */
    MeterBinder metrics() {
        return registry -> topics.forEach(topic -> Gauge.builder("procwatch.topic.records", counts.get(topic.name()), AtomicLong::get)
                .description("Committed records the topic holds").tag("topic", topic.name()).register(registry));
    }

    private void count() {
        try {
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(topic -> IntStream.range(0, topic.partitions())
                            .mapToObj(partition -> new TopicPartition(topic.name(), partition)))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofSeconds(1)).forEach(record -> counts.get(record.topic()).incrementAndGet());
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.warn("Topic counts stopped: {}", e.getMessage());
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
