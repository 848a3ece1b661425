package org.procwatch.enrich.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Keeps the global watchlist store: every instance holds every entity, with the time of the record that
 * last changed it; a tombstone removes the entity.
 */
final class WatchlistStoreUpdater implements Processor<String, WatchlistEntity, Void, Void> {

    private final String storeName;
    private TimestampedKeyValueStore<String, WatchlistEntity> store;

    WatchlistStoreUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, WatchlistEntity> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        }
    }
}
