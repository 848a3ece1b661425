package org.procwatch.ingest.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The keys of everything ingest has produced, read back from their compacted topic at start. Each key is
 * held as a 64-bit digest, so a million releases take a few tens of megabytes.
 */
final class IngestedKeys {

    private final Set<Long> digests = new HashSet<>();

    /** Reads every key committed to the topic so far. */
    static IngestedKeys load(Map<String, Object> clientConfig, String topic) {
        IngestedKeys keys = new IngestedKeys();
        readCommitted(clientConfig, topic, (key, value) -> keys.digests.add(digest(key)));
        return keys;
    }

    /** Every committed record of a topic from its start to its current end, in order per partition. */
    static void readCommitted(Map<String, Object> clientConfig, String topic, BiConsumer<String, String> records) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> records.accept(record.key(), record.value()));
            }
        }
    }

    boolean contains(String key) {
        return digests.contains(digest(key));
    }

    void add(String key) {
        digests.add(digest(key));
    }

    int size() {
        return digests.size();
    }

    private static long digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
