package org.procwatch.enrich.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.procwatch.schemas.avro.OwnershipStatement;

/** Keeps the global store of ownership statements, and tells the tasks that it changed. */
final class OwnershipStoreUpdater implements Processor<String, OwnershipStatement, Void, Void> {

    private final String storeName;
    private final GlobalChanges changes;
    private KeyValueStore<String, OwnershipStatement> store;

    OwnershipStoreUpdater(String storeName, GlobalChanges changes) {
        this.storeName = storeName;
        this.changes = changes;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, OwnershipStatement> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        changes.changed(record.timestamp());
    }
}
