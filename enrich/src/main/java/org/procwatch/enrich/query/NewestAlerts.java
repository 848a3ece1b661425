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
 * store however many it holds (fewer pass a narrow filter, and more are read for it). A partition whose
 * timeline is not yet filled, just after an upgrade, is read whole, keeping only the newest.
 */
final class NewestAlerts {

    /** Newest first; of one moment, by id: the timeline's own order. */
    static final Comparator<Alert> NEWEST_FIRST = Comparator.comparing(Alert::getCreatedAt).reversed().thenComparing(Alert::getAlertId);

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
            if (AlertTimeline.isComplete(timelines.get(i))) {
                newest.addAll(fromTimeline(timelines.get(i), alerts.get(i), filter, limit));
            } else {
                try (KeyValueIterator<String, Alert> all = alerts.get(i).all()) {
                    newest.addAll(StateStores.first(all, filter, NEWEST_FIRST, limit));
                }
            }
        }
        newest.sort(NEWEST_FIRST);
        return newest.size() > limit ? new ArrayList<>(newest.subList(0, limit)) : newest;
    }

    private static List<Alert> fromTimeline(ReadOnlyKeyValueStore<String, String> timeline, ReadOnlyKeyValueStore<String, Alert> alerts,
                                            Predicate<Alert> filter, int limit) {
        List<Alert> found = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = timeline.all()) {
            while (found.size() < limit && entries.hasNext()) {
                KeyValue<String, String> entry = entries.next();
                Alert alert = AlertTimeline.isAlertKey(entry.key) ? alerts.get(entry.value) : null;
                if (alert != null && filter.test(alert)) {
                    found.add(alert);
                }
            }
        }
        return found;
    }
}
