package org.procwatch.enrich.topology;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.procwatch.schemas.avro.Alert;

/**
 * A task's alerts by the time they were raised, newest first: each key is that time counted down from the end
 * of time (fixed-width hex, so that text order is number order) and the alert id, each value the alert id. Read
 * in key order, the store gives the alerts newest first, and the newest ten of a hundred thousand cost ten reads,
 * not a hundred thousand. The screening processor keeps it beside the alerts store and fills it once from that
 * store where the alerts came before it.
 */
public final class AlertTimeline {

    /** The store's name. */
    public static final String STORE = "alerts-by-time";
    /** Present once every alert of the task is in the timeline; sorts after every time key. */
    public static final String COMPLETE = "~complete";

    private final KeyValueStore<String, String> timeline;

    AlertTimeline(KeyValueStore<String, String> timeline) {
        this.timeline = timeline;
    }

    /** Notes an alert about to be stored, moving it when it was raised again at another time. */
    void record(Alert previous, Alert alert) {
        if (previous != null && !previous.getCreatedAt().equals(alert.getCreatedAt())) {
            timeline.delete(key(previous));
        }
        timeline.put(key(alert), alert.getAlertId());
    }

    /** Puts every stored alert in the timeline, unless that was done: alerts stored before there was a timeline. */
    void fillOnce(KeyValueStore<String, Alert> alerts) {
        if (timeline.get(COMPLETE) != null) {
            return;
        }
        try (KeyValueIterator<String, Alert> all = alerts.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value != null) {
                    timeline.put(key(entry.value), entry.key);
                }
            });
        }
        timeline.put(COMPLETE, "");
    }

    /** Whether a timeline holds every alert of its task, so that it can be read instead of the alerts. */
    public static boolean isComplete(ReadOnlyKeyValueStore<String, String> timeline) {
        return timeline.get(COMPLETE) != null;
    }

    /** Whether a key of the timeline is an alert's, not the mark of completeness. */
    public static boolean isAlertKey(String key) {
        return !key.equals(COMPLETE);
    }

    static String key(Alert alert) {
        return String.format("%016x|%s", Long.MAX_VALUE - alert.getCreatedAt().toEpochMilli(), alert.getAlertId());
    }
}
