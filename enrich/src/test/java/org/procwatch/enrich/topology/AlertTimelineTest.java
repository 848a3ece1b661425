package org.procwatch.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.watchlist.WatchlistFile;

/** The alerts by the time they were raised: read in key order, newest first, and filled once for alerts stored before it. */
class AlertTimelineTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldHoldEveryAlertNewestFirstAndFillItselfAgainFromTheAlertsStore() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            // Raised out of time order, and two in the same hour, so that the key order, not the arrival, gives the answer.
            int ocids = 0;
            for (int hour : new int[] {3, 1, 7, 7, 5}) {
                String ocid = "ocds-b5fd17-" + hour + "-" + ocids++;
                driver.release("""
                        {"ocid": "%s", "id": "1", "date": "2026-01-10T00:00:00Z", "buyer": {"name": "Northshire Police"},
                         "awards": [{"id": "1", "suppliers": [{"name": "Hikvision UK Ltd"}]}]}
                        """.formatted(ocid), EnrichDriver.START.plusSeconds(hour * 3600L));
            }
            List<Alert> raised = driver.alerts.readValuesToList();
            assertThat(raised).hasSize(5);
            List<String> newestFirst = raised.stream()
                    .sorted(Comparator.comparing(Alert::getCreatedAt).reversed().thenComparing(Alert::getAlertId))
                    .map(Alert::getAlertId).toList();
            KeyValueStore<String, String> timeline = driver.driver.getKeyValueStore(AlertTimeline.STORE);

            assertThat(alertIds(timeline)).isEqualTo(newestFirst);
            assertThat(timeline.get(AlertTimeline.COMPLETE)).as("filled, as the store began with the first record").isNotNull();

            // As a store from before the timeline: alerts, and no timeline. The next look at the global stores fills it.
            entries(timeline).forEach(entry -> timeline.delete(entry.key));
            driver.waitForWatchlistCheck();
            assertThat(alertIds(timeline)).isEqualTo(newestFirst);
            assertThat(timeline.get(AlertTimeline.COMPLETE)).isNotNull();
        }
    }

    private static List<String> alertIds(KeyValueStore<String, String> timeline) {
        return entries(timeline).stream().filter(entry -> AlertTimeline.isAlertKey(entry.key)).map(entry -> entry.value).toList();
    }

    private static List<KeyValue<String, String>> entries(KeyValueStore<String, String> store) {
        List<KeyValue<String, String>> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entries::add);
        }
        return entries;
    }
}
