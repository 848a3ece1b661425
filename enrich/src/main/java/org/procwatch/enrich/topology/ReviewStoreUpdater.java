package org.procwatch.enrich.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.procwatch.schemas.avro.Review;

/**
 * Keeps the global store of reviews, every instance holding all of them (they are few: people write them),
 * and tells the screening tasks that one arrived, so that they screen its contracting process again.
 */
final class ReviewStoreUpdater implements Processor<String, Review, Void, Void> {

    private final String storeName;
    private final GlobalChanges changes;
    private KeyValueStore<String, Review> store;

    ReviewStoreUpdater(String storeName, GlobalChanges changes) {
        this.storeName = storeName;
        this.changes = changes;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Review> record) {
        if (record.key() == null) {
            return; // not a review procwatch wrote; reviews are found by their key
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        changes.changed(record.timestamp());
    }
}
