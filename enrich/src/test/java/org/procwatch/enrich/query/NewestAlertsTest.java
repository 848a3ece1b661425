package org.procwatch.enrich.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.procwatch.enrich.topology.AlertTimeline;

/** The newest alerts from a timeline: read in key order up to the limit, and given up on when a filter is too narrow for it. */
class NewestAlertsTest {

    /** A timeline of {@code count} alerts, key order newest first, and the alerts (here their ids as text) by id. */
    private final NavigableMap<String, String> timeline = new TreeMap<>();
    private final NavigableMap<String, String> alerts = new TreeMap<>();

    private void raise(int count) {
        for (int i = 0; i < count; i++) {
            String id = "alert-" + i;
            timeline.put(String.format("%016x|%s", Long.MAX_VALUE - i, id), id); // the higher i, the newer
            alerts.put(id, id);
        }
        timeline.put(AlertTimeline.COMPLETE, "");
    }

    @Test
    void shouldGiveTheNewestFirstReadingNoMoreThanItGives() {
        raise(10);
        CountingStore counted = new CountingStore(alerts);

        assertThat(NewestAlerts.fromTimeline(store(timeline), counted, alert -> true, 3)).containsExactly("alert-9", "alert-8", "alert-7");
        assertThat(counted.gets).isEqualTo(3);
        assertThat(NewestAlerts.fromTimeline(store(timeline), store(alerts), alert -> alert.endsWith("-2"), 5)).containsExactly("alert-2");
    }

    @Test
    void shouldGiveUpOnTheTimelineWhenAFilterPassesTooFewOfTheAlerts() {
        raise(NewestAlerts.TIMELINE_READS + 100);

        assertThat(NewestAlerts.fromTimeline(store(timeline), store(alerts), alert -> alert.equals("alert-0"), 1))
                .as("the oldest alert alone passes: the alerts are read in store order instead").isNull();
        assertThat(NewestAlerts.fromTimeline(store(timeline), store(alerts), alert -> alert.equals("alert-200"), 1))
                .containsExactly("alert-200");
    }

    private static ReadOnlyKeyValueStore<String, String> store(NavigableMap<String, String> map) {
        return new CountingStore(map);
    }

    /** A store over a sorted map, counting its reads by key. */
    private static final class CountingStore implements ReadOnlyKeyValueStore<String, String> {

        private final NavigableMap<String, String> map;
        private int gets;

        CountingStore(NavigableMap<String, String> map) {
            this.map = map;
        }

        @Override
        public String get(String key) {
            gets++;
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, String> range(String from, String to) {
            return iterator(map.subMap(from, true, to, true).entrySet().iterator());
        }

        @Override
        public KeyValueIterator<String, String> all() {
            return iterator(map.entrySet().iterator());
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }

        private static KeyValueIterator<String, String> iterator(Iterator<Map.Entry<String, String>> entries) {
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public KeyValue<String, String> next() {
                    Map.Entry<String, String> entry = entries.next();
                    return KeyValue.pair(entry.getKey(), entry.getValue());
                }

                @Override
                public void close() {
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException("not needed here");
                }
            };
        }
    }
}
