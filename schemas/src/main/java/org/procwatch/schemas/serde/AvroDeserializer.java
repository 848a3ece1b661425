package org.procwatch.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.procwatch.schemas.AvroTrust;
import org.procwatch.schemas.registry.SchemaRegistryClient;

/**
 * Reads Confluent-framed Avro records into a generated class, resolving the writer's schema (fetched from
 * the registry by the id in the frame) against the class's own schema, so older records stay readable.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        AvroTrust.trustGeneratedClasses();
    }


    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData model;
    private SchemaRegistryClient registry;

    public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = registry;
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SerdeConfig.from(configs).registryClient();
        }
    }

    @Override
    public T deserialize(String topic, byte[] framed) {
        if (framed == null) {
            return null;
        }
        int id = WireFormat.schemaId(framed, topic);
        DatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                framed, WireFormat.HEADER_SIZE, framed.length - WireFormat.HEADER_SIZE, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(String.format(
                    "Could not read a %s from topic %s written with schema id %d: %s",
                    type.getSimpleName(), topic, id, e.getMessage()), e);
        }
    }

    private DatumReader<T> readerFor(int schemaId) {
        Schema writerSchema = registry.schemaById(schemaId);
        return new SpecificDatumReader<>(writerSchema, readerSchema, model);
    }
}
