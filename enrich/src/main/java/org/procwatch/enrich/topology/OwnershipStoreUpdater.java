package org.procwatch.enrich.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.procwatch.schemas.avro.OwnershipStatement;

/** Keeps the global store of ownership statements, and the instance's ownership graph with it. */
final class OwnershipStoreUpdater implements Processor<String, OwnershipStatement, Void, Void> {

    private final String storeName;
    private final SharedOwnershipGraph ownership;
    private KeyValueStore<String, OwnershipStatement> store;

    OwnershipStoreUpdater(String storeName, SharedOwnershipGraph ownership) {
        this.storeName = storeName;
        this.ownership = ownership;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, OwnershipStatement> record) {
        ownership.apply(store, record.key(), record.value(), record.timestamp());
    }
}
