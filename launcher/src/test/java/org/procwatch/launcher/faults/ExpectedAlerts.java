package org.procwatch.launcher.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.topology.EnrichSettings;
import org.procwatch.enrich.topology.EnrichTopics;
import org.procwatch.enrich.topology.EnrichTopology;
import org.procwatch.ingest.kafka.ReleaseIngest;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.registry.InMemorySchemaRegistry;
import org.procwatch.schemas.watchlist.WatchlistFile;

/**
 * What enrich makes of the releases when nothing goes wrong: the same topology in a TopologyTestDriver, with
 * the bundled watchlist, the releases in file order. The oracle the fault tests hold the real pipeline to.
 *
 * @param alerts    each alert id with the alert as it finally stands
 * @param retracted the alerts retracted at some revision (the synthetic releases change their items' texts, so
 *                  an alert resting on an item's brand alone is retracted when the next release names another)
 */
record ExpectedAlerts(Map<String, Alert> alerts, Set<String> retracted) {

    /**
     * The delivery ids a subscription taking these alerts gets: each alert's {@code alert.raised}, and the
     * {@code alert.retracted} of each that was retracted after it.
     */
    Set<String> deliveryIds(Predicate<Alert> subscribed) {
        Set<String> ids = new HashSet<>();
        alerts.values().stream().filter(subscribed).forEach(alert -> {
            ids.add(alert.getAlertId() + ":alert.raised");
            if (retracted.contains(alert.getAlertId())) {
                ids.add(alert.getAlertId() + ":alert.retracted");
            }
        });
        return ids;
    }

    static ExpectedAlerts of(Path releases, Path stateDir) throws IOException {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        EnrichTopics topics = EnrichTopics.standard();
        EnrichSettings settings = new EnrichSettings("expected-alerts", "localhost:9092", stateDir, Duration.ofSeconds(1),
                ExtensionSchemas.none(), Map.of());
        Properties props = EnrichTopology.streamsProperties(topics, registry, settings);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Map<String, Alert> alerts = new HashMap<>();
        Set<String> retracted = new HashSet<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(EnrichTopology.build(topics, registry, settings), props, start)) {
            TestInputTopic<String, WatchlistEntity> watchlist = driver.createInputTopic(topics.watchlist().name(),
                    topics.watchlist().keySerde(registry).serializer(), topics.watchlist().valueSerde(registry).serializer());
            TestInputTopic<String, IngestedRelease> input = driver.createInputTopic(topics.releases().name(),
                    topics.releases().keySerde(registry).serializer(), topics.releases().valueSerde(registry).serializer());
            TestOutputTopic<String, Alert> output = driver.createOutputTopic(topics.alerts().name(),
                    topics.alerts().keySerde(registry).deserializer(), topics.alerts().valueSerde(registry).deserializer());
            WatchlistFile.bundled().forEach(entity -> watchlist.pipeInput(entity.getId(), entity, start));
            driver.advanceWallClockTime(Duration.ofSeconds(2)); // the screening processors take the watchlist in
            long[] offset = {0};
            new OcdsReader().read(releases, read -> {
                IngestedRelease record = ReleaseIngest.record(read, "file", start);
                input.pipeInput(record.getOcid(), record, start.plusMillis(++offset[0]));
            }, problem -> {
                throw new IllegalStateException("the synthetic releases should all be valid: " + problem);
            });
            output.readValuesToList().forEach(alert -> {
                alerts.merge(alert.getAlertId(), alert, (before, after) -> after.getRevision() >= before.getRevision() ? after : before);
                if (alert.getStatus() == AlertStatus.retracted) {
                    retracted.add(alert.getAlertId());
                }
            });
        }
        return new ExpectedAlerts(alerts, retracted);
    }
}
