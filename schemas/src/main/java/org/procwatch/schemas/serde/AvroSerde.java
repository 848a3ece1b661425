package org.procwatch.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.procwatch.schemas.registry.SchemaRegistryClient;

/** A serde for one generated Avro class in the Confluent wire format. */
public final class AvroSerde<T extends SpecificRecord> extends Serdes.WrapperSerde<T> {

    public AvroSerde(SchemaRegistryClient registry, Class<T> type, boolean isKey) {
        super(new AvroSerializer<>(registry, isKey), new AvroDeserializer<>(registry, type));
    }
}
