package org.procwatch.enrich.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.procwatch.enrich.topology.AlertTimeline;
import org.procwatch.enrich.topology.EnrichTopology;
import org.procwatch.schemas.avro.Alert;

/**
 * This instance's newest alerts that pass a filter. Each partition's {@link AlertTimeline} is read newest
 * first until it has given {@code limit} of them, so an answer of one alert costs about one read of the alerts
 * store however many it holds. A filter few alerts pass would make that a read of the alerts one by one in time
 * order, the slowest way to read them all: after {@link #TIMELINE_READS} reads finding too few, the partition's
 * alerts are read in store order instead, keeping only the newest, as is a partition whose timeline is not yet
 * filled (just after an upgrade).
 */
final class NewestAlerts {

    /** Newest first; of one moment, by id: the timeline's own order. */
    static final Comparator<Alert> NEWEST_FIRST = Comparator.comparing(Alert::getCreatedAt).reversed().thenComparing(Alert::getAlertId);

    /** Timeline entries read, beyond the limit, before a narrow filter has the alerts read in store order instead. */
    static final int TIMELINE_READS = 2_000;

    private NewestAlerts() {
    }

    static List<Alert> of(StateStores stores, Predicate<Alert> filter, int limit) {
        List<ReadOnlyKeyValueStore<String, String>> timelines = stores.partitionsOf(AlertTimeline.STORE);
        List<ReadOnlyKeyValueStore<String, Alert>> alerts = stores.partitionsOf(EnrichTopology.ALERTS_STORE);
        if (timelines.size() != alerts.size()) {
            throw new QueryUnavailableException("the alert stores are moving between instances; ask again shortly");
        }
        List<Alert> newest = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            List<Alert> found = AlertTimeline.isComplete(timelines.get(i)) ? fromTimeline(timelines.get(i), alerts.get(i), filter, limit) : null;
            if (found == null) {
                try (KeyValueIterator<String, Alert> all = alerts.get(i).all()) {
                    found = StateStores.first(all, filter, NEWEST_FIRST, limit);
                }
            }
            newest.addAll(found);
        }
        newest.sort(NEWEST_FIRST);
        return newest.size() > limit ? new ArrayList<>(newest.subList(0, limit)) : newest;
    }

    /** The newest {@code limit} that pass, from the timeline; null when the filter proved too narrow for it. */
    static <V> List<V> fromTimeline(ReadOnlyKeyValueStore<String, String> timeline, ReadOnlyKeyValueStore<String, V> alerts,
                                    Predicate<V> filter, int limit) {
        List<V> found = new ArrayList<>();
        long readsLeft = (long) limit + TIMELINE_READS;
        try (KeyValueIterator<String, String> entries = timeline.all()) {
            while (found.size() < limit && entries.hasNext()) {
                if (readsLeft-- == 0) {
                    return null;
                }
                KeyValue<String, String> entry = entries.next();
                V alert = AlertTimeline.isAlertKey(entry.key) ? alerts.get(entry.value) : null;
                if (alert != null && filter.test(alert)) {
                    found.add(alert);
                }
            }
        }
        return found;
    }
}
