package org.procwatch.stack.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.serde.AvroDeserializer;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.stack.LocalStack;

/** What a topic holds, for assertions: every committed record from its start to its end when asked. */
public final class TopicContents {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private TopicContents() {
    }

    /** The committed records of the topic, in order per partition, as raw bytes. */
    public static List<ConsumerRecord<byte[], byte[]>> committed(LocalStack stack, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The committed values of the topic, read to its end and decoded as the topic's Avro record. */
    public static <K, V extends SpecificRecord> List<V> values(LocalStack stack, TopicDescriptor<K, V> topic,
                                                               RestSchemaRegistryClient registry) {
        @SuppressWarnings("unchecked")
        Class<V> type = (Class<V>) SpecificData.get().getClass(topic.valueSchema().orElseThrow());
        var deserializer = new AvroDeserializer<>(registry, type);
        return committed(stack, topic.name()).stream().map(record -> deserializer.deserialize(topic.name(), record.value())).toList();
    }
}
