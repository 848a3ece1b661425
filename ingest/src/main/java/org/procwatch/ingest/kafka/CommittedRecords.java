package org.procwatch.ingest.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic whole, as it stands when reading starts: ingest's own small ones (keys, checkpoints), and
 * the watchlist an official list is compared with.
 */
final class CommittedRecords {

    private CommittedRecords() {
    }

    /**
     * Every committed record from the topic's start to its current end, in order per partition. For a
     * read_committed consumer the end is the last stable offset, so an open transaction cannot hold it up.
     */
    static void read(Map<String, Object> clientConfig, String topic, BiConsumer<String, String> records) {
        read(clientConfig, topic, new StringDeserializer(), new StringDeserializer(), records);
    }

    /** As {@link #read(Map, String, BiConsumer)}, with the topic's own deserializers; a tombstone comes with a null value. */
    static <K, V> void read(Map<String, Object> clientConfig, String topic, Deserializer<K> keys, Deserializer<V> values,
                                   BiConsumer<K, V> records) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(config, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> records.accept(record.key(), record.value()));
            }
        }
    }
}
