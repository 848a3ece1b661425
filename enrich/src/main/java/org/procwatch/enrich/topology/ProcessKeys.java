package org.procwatch.enrich.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The stores keyed {@code <ocid>|...} (vendor links, reviews): what one contracting process holds in them. */
public final class ProcessKeys {

    private ProcessKeys() {
    }

    /**
     * The values under {@code <ocid>|}, by a prefix scan, in key order.
     *
     * @param ocidOf the ocid a value is about: an ocid that begins like this one and goes on with '|' shares the prefix
     */
    public static <V> List<V> valuesOf(ReadOnlyKeyValueStore<String, V> store, String ocid, Function<V, String> ocidOf) {
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> found = store.prefixScan(ocid + "|", new StringSerializer())) {
            found.forEachRemaining(entry -> {
                if (entry.value != null && ocidOf.apply(entry.value).equals(ocid)) {
                    values.add(entry.value);
                }
            });
        }
        return values;
    }
}
