package org.procwatch.enrich.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.InvalidStateStorePartitionException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.procwatch.schemas.json.ExactNumbers;

/**
 * The enrich app's state stores as the queries read them: this instance's stores, and a table gathered
 * from every instance; while the app starts or rebalances, a read fails with {@link QueryUnavailableException}.
 */
final class StateStores {

    static final ObjectMapper JSON = ExactNumbers.exact(JsonMapper.builder()).build();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final RemoteQueries remote;

    StateStores(KafkaStreams streams, HostInfo self, RemoteQueries remote) {
        this.streams = streams;
        this.self = self;
        this.remote = remote;
    }

    KafkaStreams streams() {
        return streams;
    }

    HostInfo self() {
        return self;
    }

    RemoteQueries remote() {
        return remote;
    }

    /** This instance's part of a table, plus, unless {@code localOnly}, every other instance's part. */
    List<JsonNode> gather(String storeName, boolean localOnly, String remotePath, Function<String, List<JsonNode>> local) {
        requireRunning();
        List<JsonNode> rows = new ArrayList<>(local.apply(storeName));
        if (!localOnly) {
            for (StreamsMetadata instance : streams.streamsMetadataForStore(storeName)) {
                if (!instance.hostInfo().equals(self)) {
                    remote.get(instance.hostInfo(), remotePath).ifPresent(answer -> answer.forEach(rows::add));
                }
            }
        }
        return rows;
    }

    /** The values of this instance's part of a store that pass the filter, as JSON. */
    <V> List<JsonNode> localRows(String storeName, Predicate<V> filter, Function<V, Object> view) {
        List<JsonNode> rows = new ArrayList<>();
        try (KeyValueIterator<String, V> all = this.<V>store(storeName).all()) {
            all.forEachRemaining(entry -> {
                if (entry.value != null && filter.test(entry.value)) {
                    rows.add(JSON.valueToTree(view.apply(entry.value)));
                }
            });
        }
        return rows;
    }

    /** This instance's first {@code limit} values of a store, in {@code order}, that pass the filter, as JSON. */
    <V> List<JsonNode> firstRows(String storeName, Predicate<V> filter, Comparator<V> order, int limit, Function<V, Object> view) {
        try (KeyValueIterator<String, V> all = this.<V>store(storeName).all()) {
            return first(all, filter, order, limit).stream().<JsonNode>map(value -> JSON.valueToTree(view.apply(value))).toList();
        }
    }

    /** The first {@code limit} values, in {@code order}, that pass the filter, holding no more than that many at a time. */
    static <V> List<V> first(Iterator<KeyValue<String, V>> entries, Predicate<V> filter, Comparator<V> order, int limit) {
        PriorityQueue<V> kept = new PriorityQueue<>(order.reversed()); // the last of those kept at its head
        entries.forEachRemaining(entry -> {
            if (entry.value != null && filter.test(entry.value)) {
                kept.add(entry.value);
                if (kept.size() > limit) {
                    kept.poll();
                }
            }
        });
        List<V> first = new ArrayList<>(kept);
        first.sort(order);
        return first;
    }

    void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new QueryUnavailableException("enrich is " + streams.state().name().toLowerCase(Locale.ROOT) + "; ask again shortly");
        }
    }

    /**
     * This instance's store of each of its partitions, one by one: the store {@link #store(String)} gives reads
     * them one after another, in no order across them, where a reader of the newest first needs each on its own.
     */
    <V> List<ReadOnlyKeyValueStore<String, V>> partitionsOf(String name) {
        requireRunning();
        Set<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task -> partitions.add(task.taskId().partition())));
        List<ReadOnlyKeyValueStore<String, V>> stores = new ArrayList<>();
        for (int partition : partitions) {
            try {
                ReadOnlyKeyValueStore<String, V> store = streams.store(StoreQueryParameters.fromNameAndType(name,
                        QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition));
                store.approximateNumEntries(); // a partition not held here is told only when the store is first read
                stores.add(store);
            } catch (InvalidStateStorePartitionException e) {
                // that partition's task here is of another part of the topology, without this store
            } catch (InvalidStateStoreException e) {
                throw new QueryUnavailableException("the " + name + " store is not ready: " + e.getMessage(), e);
            }
        }
        return stores;
    }

    <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new QueryUnavailableException("the " + name + " store is not ready: " + e.getMessage(), e);
        }
    }
}
