package org.procwatch.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, the schema's registry id as a 4-byte big-endian int, then the
 * Avro binary encoding. Any Confluent-compatible consumer reads what procwatch writes, and vice versa.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id in the header of a framed record, checking that it is framed at all. */
    public static int schemaId(byte[] framed, String topic) {
        if (framed.length < HEADER_SIZE) {
            throw new SerializationException(String.format(
                    "Record from topic %s is %d bytes, too short for the Confluent wire format (magic byte and 4-byte schema id)",
                    topic, framed.length));
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Record from topic %s does not start with the Confluent magic byte 0 but with %d: it was not written by an Avro schema-registry serializer",
                    topic, framed[0]));
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
