package org.procwatch.schemas.topic;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.procwatch.schemas.registry.SchemaRegistryClient;

/**
 * Everything code needs to know about one topic: its name, how its keys and values are (de)serialised,
 * and how it is created. Main code and tests use the same descriptors.
 *
 * @param name          the topic's name
 * @param key           makes the key serde
 * @param value         makes the value serde
 * @param valueSchema   the Avro schema of values, empty for non-Avro values
 * @param partitions    partitions to create the topic with
 * @param cleanupPolicy how the topic keeps records
 * @param configs       further topic configs (e.g. retention), applied at creation
 */
public record TopicDescriptor<K, V>(
        String name,
        SerdeFactory<K> key,
        SerdeFactory<V> value,
        Optional<Schema> valueSchema,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Map<String, String> configs) {

    public TopicDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(valueSchema, "valueSchema");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic needs at least one partition: " + name);
        }
        configs = Map.copyOf(configs);
    }

    public Serde<K> keySerde(SchemaRegistryClient registry) {
        return key.create(registry, true);
    }

    public Serde<V> valueSerde(SchemaRegistryClient registry) {
        return value.create(registry, false);
    }

    /** The registry subject of values under TopicNameStrategy. */
    public String valueSubject() {
        return name + "-value";
    }

    /** The same topic under another name, e.g. a per-test copy. */
    public TopicDescriptor<K, V> renamed(String newName) {
        return new TopicDescriptor<>(newName, key, value, valueSchema, partitions, cleanupPolicy, configs);
    }

    /** The admin request that creates this topic. */
    public NewTopic newTopic(short replicationFactor) {
        Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        return new NewTopic(name, partitions, replicationFactor).configs(all);
    }
}
