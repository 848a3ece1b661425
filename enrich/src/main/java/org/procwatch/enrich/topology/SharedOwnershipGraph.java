package org.procwatch.enrich.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.procwatch.enrich.ownership.OwnershipGraph;
import org.procwatch.schemas.avro.OwnershipStatement;

/**
 * The ownership graph of one app instance, shared by all its tasks: built from the global store by the first task
 * that finds the store changed since the last build, and reused by the others. Built by every task, a graph of
 * 500,000 statements cost each of a thread's six tasks ~2 s and ~0.5 GB of heap, one task after another, all
 * within one transaction. Shared, like {@link GlobalChanges}, by the processors of one topology, never static.
 */
final class SharedOwnershipGraph {

    private final GlobalChanges changes;
    private OwnershipGraph graph;
    private long builtAt;

    SharedOwnershipGraph(GlobalChanges changes) {
        this.changes = changes;
    }

    /** The global store's changes, counted. */
    GlobalChanges changes() {
        return changes;
    }

    /**
     * A graph of the statements as they stood at {@code version} changes or later.
     *
     * @param graph   the graph
     * @param version the change count it was built at
     */
    record Built(OwnershipGraph graph, long version) {
    }

    /** A graph with at least the first {@code version} changes in it, built now from {@code store} if the last one has fewer. */
    synchronized Built atLeast(long version, KeyValueStore<String, OwnershipStatement> store) {
        if (graph == null || builtAt < version) {
            // Read before the store: a change applied while the graph is built makes the next caller build again.
            long now = changes.version();
            List<OwnershipStatement> statements = new ArrayList<>();
            try (KeyValueIterator<String, OwnershipStatement> all = store.all()) {
                all.forEachRemaining(entry -> statements.add(entry.value));
            }
            graph = new OwnershipGraph(statements);
            builtAt = now;
        }
        return new Built(graph, builtAt);
    }
}
