package org.procwatch.enrich.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Keeps the global watchlist store: every instance holds every entity, with the time of the record that
 * last changed it; a tombstone removes the entity, and its time is told to {@code removals}, as the store
 * keeps no trace of it for the screening to date a retraction by.
 */
final class WatchlistStoreUpdater implements Processor<String, WatchlistEntity, Void, Void> {

    private final String storeName;
    private final GlobalChanges removals;
    private TimestampedKeyValueStore<String, WatchlistEntity> store;

    WatchlistStoreUpdater(String storeName, GlobalChanges removals) {
        this.storeName = storeName;
        this.removals = removals;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, WatchlistEntity> record) {
        if (record.value() == null) {
            store.delete(record.key());
            removals.changed(record.timestamp());
        } else {
            store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        }
    }
}
