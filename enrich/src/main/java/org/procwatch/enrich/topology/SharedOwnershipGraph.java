package org.procwatch.enrich.topology;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.procwatch.enrich.ownership.OwnershipGraph;
import org.procwatch.schemas.avro.OwnershipStatement;

/**
 * The ownership graph of one app instance, shared by all its tasks and kept statement by statement: read whole
 * from the global store once, by the first task that needs it, then changed by the global thread with every
 * statement it applies. Rebuilt from the store by every task whenever a check found the store changed, as it was,
 * a graph of 500,000 statements cost each of a thread's six tasks ~2 s and ~0.5 GB of heap, one task after another
 * within one transaction, every two seconds while statements arrived. Made once per topology and shared by its
 * processors, never static, so that two apps in one JVM (tests) do not see each other's.
 */
final class SharedOwnershipGraph {

    private final GlobalChanges changes = new GlobalChanges();
    private final OwnershipGraph graph = OwnershipGraph.empty();
    /** Guarded by this: whether the graph holds the store's statements, so that each change must reach it too. */
    private boolean loaded;

    /** The global store's changes, counted. */
    GlobalChanges changes() {
        return changes;
    }

    /** The graph, kept up to date from now on; read from {@code store} first if no task has asked before. */
    synchronized OwnershipGraph graph(KeyValueStore<String, OwnershipStatement> store) {
        if (!loaded) {
            try (KeyValueIterator<String, OwnershipStatement> all = store.all()) {
                all.forEachRemaining(entry -> graph.add(entry.value));
            }
            loaded = true;
        }
        return graph;
    }

    /**
     * Writes one statement (or, for null, its removal) to the global store and to the graph, under one lock, so
     * that a task reading the store for the graph meanwhile sees it either in both or in neither.
     */
    synchronized void apply(KeyValueStore<String, OwnershipStatement> store, String statementId, OwnershipStatement statement,
                            long timestamp) {
        // Until a task has read the graph from the store, the store alone holds the statements (the global
        // thread's bootstrap applies every one of them): no need to read what each replaces.
        OwnershipStatement previous = loaded ? store.get(statementId) : null;
        if (statement == null) {
            store.delete(statementId);
        } else {
            store.put(statementId, statement);
        }
        if (loaded) {
            if (previous != null) {
                graph.remove(previous);
            }
            if (statement != null) {
                graph.add(statement);
            }
        }
        changes.changed(timestamp);
    }
}
