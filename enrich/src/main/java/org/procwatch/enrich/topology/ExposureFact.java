package org.procwatch.enrich.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An alerted contracting process as the exposure tables count it, with its current value: one fact per
 * process (firm null, for the buyers' table) and one per process and listed firm (for the firms' table).
 * Internal to the app, so its serde is plain JSON.
 */
record ExposureFact(String ocid, String firmId, String firmName, String buyer, Double value, String currency) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Serde<ExposureFact> serde() {
        Serializer<ExposureFact> serializer = (topic, fact) -> {
            try {
                return fact == null ? null : JSON.writeValueAsBytes(fact);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Deserializer<ExposureFact> deserializer = (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readValue(bytes, ExposureFact.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
