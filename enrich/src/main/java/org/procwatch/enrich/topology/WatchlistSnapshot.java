package org.procwatch.enrich.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * The global watchlist as read at one moment: its entities, a fingerprint of each (its content's hash),
 * and when each was last changed, so that processors can tell what changed since they last looked.
 */
record WatchlistSnapshot(List<WatchlistEntity> entities, Map<String, Integer> fingerprints, Map<String, Long> changedAt) {

    static WatchlistSnapshot of(TimestampedKeyValueStore<String, WatchlistEntity> store) {
        List<WatchlistEntity> entities = new ArrayList<>();
        Map<String, Integer> fingerprints = new HashMap<>();
        Map<String, Long> changedAt = new HashMap<>();
        try (KeyValueIterator<String, ValueAndTimestamp<WatchlistEntity>> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, ValueAndTimestamp<WatchlistEntity>> entry = all.next();
                if (entry.value == null || entry.value.value() == null) {
                    continue;
                }
                entities.add(entry.value.value());
                fingerprints.put(entry.key, entry.value.value().hashCode());
                changedAt.put(entry.key, entry.value.timestamp());
            }
        }
        return new WatchlistSnapshot(entities, fingerprints, changedAt);
    }
}
