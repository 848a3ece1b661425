package org.procwatch.enrich.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A row of an exposure table: how many linked contracts a buyer (or listed firm) has, and their total value
 * per currency. Kept in a store only, so its serde is plain JSON rather than a registered Avro schema.
 *
 * @param key           the buyer's name, or the listed firm's id
 * @param name          the buyer's or firm's name as shown
 * @param contracts     how many contracting processes are linked
 * @param valueByCurrency the sum of their values, per currency ({@code ""} where a value has none)
 */
public record Exposure(String key, String name, long contracts, Map<String, Double> valueByCurrency) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Exposure {
        valueByCurrency = Map.copyOf(valueByCurrency);
    }

    static Exposure empty() {
        return new Exposure(null, null, 0, Map.of());
    }

    /** This row with a contract of this value added ({@code sign} 1) or taken away ({@code sign} -1). */
    Exposure plus(String key, String name, Double value, String currency, int sign) {
        Map<String, Double> values = new TreeMap<>(valueByCurrency);
        if (value != null) {
            values.merge(currency == null ? "" : currency, sign * value, Double::sum);
            values.values().removeIf(total -> Math.abs(total) < 1e-9);
        }
        return new Exposure(key, name == null ? this.name : name, contracts + sign, values);
    }

    static Serde<Exposure> serde() {
        Serializer<Exposure> serializer = (topic, exposure) -> {
            try {
                return exposure == null ? null : JSON.writeValueAsBytes(exposure);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Deserializer<Exposure> deserializer = (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readValue(bytes, Exposure.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
