package org.procwatch.schemas.topic;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.serde.AvroSerde;

/**
 * Makes the serde for one side (key or value) of a topic from the application's own registry client,
 * so no serde depends on global state.
 */
@FunctionalInterface
public interface SerdeFactory<T> {

    Serde<T> create(SchemaRegistryClient registry, boolean isKey);

    /** Plain UTF-8 strings: what every Kafka tool can read, and what compaction keys on. */
    static SerdeFactory<String> string() {
        return (registry, isKey) -> Serdes.String();
    }

    /** Bytes as they are: for the dead-letter topic, whose keys are whatever the failed record had. */
    static SerdeFactory<byte[]> bytes() {
        return (registry, isKey) -> Serdes.ByteArray();
    }

    /** Avro in the Confluent wire format, registered under the topic's subject. */
    static <T extends SpecificRecord> SerdeFactory<T> avro(Class<T> type) {
        return (registry, isKey) -> new AvroSerde<>(registry, type, isKey);
    }
}
