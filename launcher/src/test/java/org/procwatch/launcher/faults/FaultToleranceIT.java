package org.procwatch.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.ingest.file.FileIngest;
import org.procwatch.ingest.foi.ColumnMapping;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.postgresql.ds.PGSimpleDataSource;
import org.procwatch.launcher.RunningProcwatch;
import org.procwatch.launcher.StageProcess;
import org.procwatch.launcher.bench.SyntheticReleases;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.schemas.watchlist.WatchlistFile;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.StackPorts;
import org.procwatch.stack.junit.TopicContents;
import org.procwatch.stack.process.Ports;

/**
 * Crashes and outages during a 20,000-release backfill. Ingest, enrich and the sink as processes of their
 * own on a real broker, registry and PostgreSQL: each stage killed with SIGKILL, the broker and PostgreSQL
 * stopped and started, the registry away for a minute while enrich and the sink start without a schema cached
 * (nothing may be dead-lettered), a webhook subscriber down for minutes. And the whole {@code procwatch run} killed
 * with SIGKILL at several points and started again on its data folder. Afterwards every alert is in the
 * topic once per revision (read committed), in PostgreSQL once, and at the subscriber under every delivery
 * id it should get; every process is compiled whole. The releases come from a fixed seed, so a failure can
 * be replayed; the expected alerts come from the same topology run without faults.
 */
class FaultToleranceIT {

    private static final int RELEASES = 20_000;
    private static final int PER_PROCESS = 4;
    private static final long SEED = 20_261_126L;
    private static final Duration WEBHOOK_DOWN = Duration.ofMinutes(2);
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Duration REGISTRY_AWAY = Duration.ofMinutes(1);
    private static final Duration PATIENCE = Duration.ofMinutes(12);

    @TempDir
    Path folder;

    @Test
    void shouldLoseAndDoubleNothingThroughCrashesAndOutagesOfEveryPart() throws Exception {
        Path releases = new SyntheticReleases(SEED, PER_PROCESS).writeJsonLines(folder.resolve("releases.jsonl"), RELEASES);
        try (LocalStack stack = LocalStack.start(folder.resolve("stack"), StackPorts.anyFree(), StackPorts.anyFree(), Topics.allWithInternal());
             WebhookInbox inbox = new WebhookInbox(Ports.preferredOrFree(0))) {
            RestSchemaRegistryClient registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
            try (IngestWriter writer = new IngestWriter(Map.of("bootstrap.servers", stack.bootstrapServers()), registry,
                    IngestTopics.standard(), "fault-test-watchlist")) {
                new FileIngest(writer, ColumnMapping.canonical()).ingestWatchlist(WatchlistFile.bundled(), "bundled watchlist");
            }
            Path subscriptions = Files.writeString(folder.resolve("subscriptions.yaml"), """
                    - id: police-desk
                      url: %s
                      secret: fault-test
                      allowPrivateNetwork: true
                      filters: {bodyType: [police_force]}
                    """.formatted(inbox.url()));
            List<String> services = List.of("--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl());
            Path logs = folder.resolve("logs");
            List<StageProcess> stages = List.of(
                    stage("enrich", logs, true, services, "--state-dir", folder.resolve("enrich-state").toString(),
                            "--http-port", Integer.toString(Ports.preferredOrFree(0))),
                    stage("sink", logs, true, services, "--jdbc-url", stack.jdbcUrl(), "--jdbc-password-file",
                            stack.postgres().passwordFile().toString(), "--subscriptions", subscriptions.toString()),
                    stage("ingest", logs, false, services, "ocds:" + releases, "--no-bundled-watchlist"));
            StageProcess enrich = stages.get(0);
            StageProcess sink = stages.get(1);
            StageProcess ingest = stages.get(2);
            try {
                for (StageProcess stage : stages) {
                    stage.start(); // the subscriber is down from the start
                }
                long started = System.nanoTime();
                Faults faults = new Faults();
                KafkaConsumer<byte[], byte[]> releaseEnds = new KafkaConsumer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer());
                while (releasesInTables(stack.dataSource()) < RELEASES || !inbox.isUp()) {
                    assertThat(System.nanoTime() - started).as("the backfill ends in time").isLessThan(PATIENCE.toNanos());
                    long done = releasesInTables(stack.dataSource());
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                    if (faults.due("kill -9 ingest while it writes", releasesProduced(releaseEnds) >= 4_000)) {
                        ingest.crashAndRestart();
                    }
                    if (faults.due("kill -9 enrich", done >= 3_000)) {
                        enrich.crashAndRestart();
                    }
                    if (faults.due("kill -9 the sink", done >= 6_000)) {
                        sink.crashAndRestart();
                    }
                    if (faults.due("the broker stopped and started", done >= 8_000)) {
                        stack.kafka().stop();
                        Thread.sleep(OUTAGE.toMillis());
                        stack.kafka().start();
                    }
                    if (faults.due("PostgreSQL stopped and started", done >= 11_000)) {
                        stack.postgres().stop();
                        Thread.sleep(OUTAGE.toMillis());
                        stack.postgres().start();
                    }
                    if (faults.due("kill -9 enrich and the sink at once", done >= 14_000)) {
                        enrich.killHard();
                        sink.crashAndRestart();
                        enrich.start();
                    }
                    if (faults.due("the registry away for a minute, enrich and the sink restarted meanwhile", done >= 16_000)) {
                        // Restarted, they have no schema cached: they must wait for the registry, not dead-letter what they read.
                        stack.registry().stop();
                        enrich.crashAndRestart();
                        sink.crashAndRestart();
                        Thread.sleep(REGISTRY_AWAY.toMillis());
                        stack.registry().start();
                    }
                    if (faults.due("the subscriber back after minutes down", elapsed.compareTo(WEBHOOK_DOWN) >= 0)) {
                        inbox.up();
                    }
                    for (StageProcess stage : stages) {
                        if (stage.superviseIfExited()) {
                            System.err.println("FaultToleranceIT: " + stage.name() + " exited on its own and was restarted");
                        }
                    }
                    Thread.sleep(250);
                }
                releaseEnds.close();
                System.err.println("FaultToleranceIT: faults done: " + faults.done() + "; unexpected exits: "
                        + stages.stream().map(stage -> stage.name() + "=" + stage.unexpectedExits()).toList());
                assertThat(faults.done()).hasSize(8);

                assertExactlyOnce(releases, stack.dataSource(), stack.bootstrapServers(), registry, inbox, 3);
                assertThat(TopicContents.committed(stack, Topics.DLQ.name())).as("nothing dead-lettered through it all").isEmpty();
            } catch (AssertionError | RuntimeException e) {
                for (StageProcess stage : stages) {
                    System.err.println(stage.logTail());
                }
                throw e;
            } finally {
                for (StageProcess stage : stages) {
                    stage.close();
                }
            }
        }
    }

    @Test
    void shouldLoseAndDoubleNothingWhenTheWholeRunIsKilled() throws Exception {
        Path releases = new SyntheticReleases(SEED, PER_PROCESS).writeJsonLines(folder.resolve("releases.jsonl"), RELEASES);
        try (WebhookInbox inbox = new WebhookInbox(Ports.preferredOrFree(0))) {
            inbox.up();
            Path subscriptions = Files.writeString(folder.resolve("subscriptions.yaml"), """
                    - id: police-desk
                      url: %s
                      secret: fault-test
                      allowPrivateNetwork: true
                      filters: {bodyType: [police_force]}
                    """.formatted(inbox.url()));
            RunningProcwatch procwatch = new RunningProcwatch(folder.resolve("data"), Ports.preferredOrFree(0));
            List<String> options = new ArrayList<>(RunningProcwatch.freeServicePorts());
            options.addAll(List.of("--no-samples", "--input", "ocds:" + releases, "--subscriptions", subscriptions.toString()));
            try {
                procwatch.start(options);
                procwatch.awaitReady();
                String jdbcUrl = procwatch.getJson("/api/status").path("jdbcUrl").asText();
                PGSimpleDataSource database = new PGSimpleDataSource();
                database.setURL(jdbcUrl);
                long started = System.nanoTime();
                Faults faults = new Faults();
                long done;
                while ((done = releasesInTables(database)) < RELEASES) {
                    assertThat(System.nanoTime() - started).as("the backfill ends in time").isLessThan(PATIENCE.toNanos());
                    for (long at : new long[] {2_000, 9_000, 15_000}) {
                        if (faults.due("kill -9 the whole run at " + at + " releases compiled", done >= at)) {
                            procwatch.crash();
                            procwatch.start(options);
                            procwatch.awaitReady();
                        }
                    }
                    Thread.sleep(250);
                }
                assertThat(faults.done()).hasSize(3);
                JsonNode status = procwatch.getJson("/api/status");
                assertExactlyOnce(releases, database, status.path("kafka").asText(),
                        new RestSchemaRegistryClient(status.path("schemaRegistry").asText()), inbox, 3);
            } catch (AssertionError | RuntimeException e) {
                List<String> log = Files.readAllLines(procwatch.logFile());
                System.err.println("procwatch's log, its end:\n" + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())));
                throw e;
            } finally {
                procwatch.stop();
            }
        }
    }

    /**
     * Every process compiled whole; every alert the releases call for in PostgreSQL, in the topic once per
     * revision and with its final revision, and delivered to the police desk under its delivery id.
     *
     * @param kills how often the part that delivers webhooks was killed: a delivery in flight then may repeat
     */
    private void assertExactlyOnce(Path releases, DataSource database, String bootstrapServers, RestSchemaRegistryClient registry,
                                   WebhookInbox inbox, int kills) throws Exception {
        ExpectedAlerts oracle = ExpectedAlerts.of(releases, folder.resolve("expected-state"));
        Map<String, Alert> expected = oracle.alerts();
        Set<String> expectedPolice = oracle.deliveryIds(alert -> alert.getBodyType() == BodyType.police_force);
        assertThat(expected).as("the releases carry alert cases").hasSizeGreaterThan(1_000);
        assertThat(expectedPolice).as("some of them for the police, raised and some retracted")
                .anyMatch(id -> id.endsWith(":alert.raised")).anyMatch(id -> id.endsWith(":alert.retracted"));

        assertThat(count(database, "SELECT count(*) FROM contracts")).as("every process compiled").isEqualTo(RELEASES / PER_PROCESS);
        assertThat(count(database, "SELECT count(*) FROM contracts WHERE release_count <> " + PER_PROCESS))
                .as("each from all its releases").isZero();
        awaitAlertsInTables(database, expected.keySet());
        long retracted = expected.values().stream().filter(alert -> alert.getStatus() == AlertStatus.retracted).count();
        await("the alerts' last revisions in PostgreSQL").atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                assertThat(count(database, "SELECT count(*) FROM alerts WHERE status = 'retracted'")).as("retracted alerts kept")
                        .isEqualTo(retracted));
        List<Alert> published = alertsInTopic(bootstrapServers, registry);
        Map<String, Long> perRevision = published.stream()
                .collect(Collectors.groupingBy(alert -> alert.getAlertId() + "#" + alert.getRevision(), Collectors.counting()));
        assertThat(perRevision.values()).as("no alert revision published twice").allMatch(times -> times == 1);
        assertThat(published.stream().map(Alert::getAlertId).collect(Collectors.toSet())).as("every alert published")
                .isEqualTo(expected.keySet());
        Map<String, Integer> lastRevision = published.stream().collect(Collectors.toMap(Alert::getAlertId, Alert::getRevision, Math::max));
        assertThat(lastRevision).as("each alert's evidence as complete as without faults")
                .isEqualTo(expected.values().stream().collect(Collectors.toMap(Alert::getAlertId, Alert::getRevision)));

        awaitDeliveries(inbox, expectedPolice);
        List<String> accepted = inbox.accepted();
        int repeats = accepted.size() - new HashSet<>(accepted).size();
        System.err.println("FaultToleranceIT: " + expected.size() + " alerts, " + expectedPolice.size() + " for the police desk; "
                + accepted.size() + " deliveries accepted, " + repeats + " repeated delivery ids");
        assertThat(new HashSet<>(accepted)).as("the subscriber got each of its alerts").isEqualTo(expectedPolice);
        assertThat(repeats).as("a delivery id repeats only for a delivery in flight when the sink was killed").isLessThanOrEqualTo(kills);
    }

    /** The faults to inject, each once, when its moment comes. */
    private static final class Faults {
        private final List<String> done = new ArrayList<>();

        boolean due(String fault, boolean moment) {
            if (!moment || done.contains(fault)) {
                return false;
            }
            done.add(fault);
            System.err.println("FaultToleranceIT: " + fault);
            return true;
        }

        List<String> done() {
            return done;
        }
    }

    private static StageProcess stage(String name, Path logs, boolean runsForever, List<String> services, String... options) {
        List<String> arguments = new ArrayList<>(name.equals("ingest") ? List.of("ingest", "files") : List.of(name));
        arguments.addAll(List.of(options));
        arguments.addAll(services);
        return new StageProcess(name, RunningProcwatch.launcher(arguments), logs, runsForever);
    }

    private static void awaitAlertsInTables(DataSource database, Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Set<String> stored = strings(database, "SELECT alert_id FROM alerts");
        while (!stored.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            stored = strings(database, "SELECT alert_id FROM alerts");
        }
        assertThat(stored).as("every alert in PostgreSQL, once (alert_id is its key)").isEqualTo(expected);
    }

    private static void awaitDeliveries(WebhookInbox inbox, Set<String> expected) throws InterruptedException {
        // A parked subscriber is probed once a minute; then what waited is sent one by one.
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!new HashSet<>(inbox.accepted()).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
    }

    /** The alerts topic as a read-committed consumer sees it, from the start to its end. */
    private static List<Alert> alertsInTopic(String bootstrapServers, RestSchemaRegistryClient registry) {
        List<Alert> alerts = new ArrayList<>();
        var deserializer = Topics.ALERTS.valueSerde(registry).deserializer();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed", "enable.auto.commit", false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> alerts.add(deserializer.deserialize(record.topic(), record.value())));
            }
        }
        return alerts;
    }

    /** Releases written to their topic so far, committed or not: where ingest is. */
    private static long releasesProduced(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RELEASES.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(5)).values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException e) {
            return 0; // the broker is down, by the test's own doing
        }
    }

    private static long releasesInTables(DataSource database) {
        try {
            return count(database, "SELECT coalesce(sum(release_count), 0) FROM contracts");
        } catch (SQLException e) {
            return 0; // PostgreSQL is down, by the test's own doing
        }
    }

    private static long count(DataSource database, String query) throws SQLException {
        try (Connection connection = database.getConnection(); ResultSet rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Set<String> strings(DataSource database, String query) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Connection connection = database.getConnection(); ResultSet rows = connection.createStatement().executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
