package org.procwatch.enrich.topology;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;

/**
 * A row of an exposure table: how many linked contracts a buyer (or listed firm) has, and their total value
 * per currency. Kept in a store only, so its serde is plain JSON rather than a registered Avro schema.
 *
 * @param key           the buyer's name, or the listed firm's id
 * @param name          the buyer's or firm's name as shown
 * @param bodyType      the buyer's body type; for a firm's row, the body type of the buyers it counts
 * @param contracts     how many contracting processes are linked
 * @param valueByCurrency the sum of their values, per currency ({@code ""} where a value has none)
 */
public record Exposure(String key, String name, String bodyType, long contracts, Map<String, Double> valueByCurrency) {

    public Exposure {
        valueByCurrency = Map.copyOf(valueByCurrency);
    }

    static Exposure empty() {
        return new Exposure(null, null, null, 0, Map.of());
    }

    /** This row with a contract of this value added ({@code sign} 1) or taken away ({@code sign} -1). */
    Exposure plus(String key, String name, String bodyType, Double value, String currency, int sign) {
        Map<String, Double> values = new TreeMap<>(valueByCurrency);
        if (value != null) {
            values.merge(currency == null ? "" : currency, sign * value, Double::sum);
            values.values().removeIf(total -> Math.abs(total) < 1e-9);
        }
        return new Exposure(key, name == null ? this.name : name, bodyType == null ? this.bodyType : bodyType, contracts + sign, values);
    }

    /** Two rows of the same key taken together (a firm's rows of several body types). */
    public Exposure merge(Exposure other) {
        Map<String, Double> values = new TreeMap<>(valueByCurrency);
        other.valueByCurrency.forEach((currency, value) -> values.merge(currency, value, Double::sum));
        return new Exposure(key, name, null, contracts + other.contracts, values);
    }

    static Serde<Exposure> serde() {
        return JsonSerde.of(Exposure.class);
    }
}
