package org.procwatch.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.FoiAnswer;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.Party;
import org.procwatch.schemas.avro.SourceMetadata;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.sink.delivery.WebhookSettings;
import org.procwatch.sink.jdbc.SinkSchema;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;
import org.procwatch.stack.junit.TopicContents;

/**
 * The topics into the real PostgreSQL: every record once, across a restart of the sink and a replay from the
 * start; records no database could take go to the dead-letter topic and the rest of their batch is written.
 */
@ExtendWith(LocalStackExtension.class)
class PostgresSinkIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void shouldWriteEachRecordOnceAcrossARestartAndAReplay(LocalStack stack, TestScope scope) throws Exception {
        SinkCase env = SinkCase.start(stack, scope);

        try (var producer = env.producer()) {
            for (int i = 0; i < 20; i++) {
                env.send(producer, env.topics().contracts(), "ocds-" + i, contract("ocds-" + i, 1000 + i));
                env.send(producer, env.topics().alerts(), "pw-" + i, alert("pw-" + i, "ocds-" + i, 1));
                if (i == 10) {
                    // Two records no database could take, amid the good ones: jsonb refuses JSON that is not JSON.
                    CompiledContract broken = CompiledContract.newBuilder(contract("ocds-broken", 1))
                            .setCompiledReleaseJson("{\"title\": \"CCTV upgrade\", broken").build();
                    env.send(producer, env.topics().contracts(), "ocds-broken", broken);
                    producer.send(new ProducerRecord<>(env.topics().contracts().name(), "ocds-garbled".getBytes(StandardCharsets.UTF_8),
                            new byte[] {0, 0, 0}));
                }
            }
        }
        String group = scope.applicationId("sink");
        runUntil(env, group, stack, 20, 20, 40);
        var letters = env.topics().deadLetters();
        var deadLetters = TopicContents.committed(stack, letters.name()).stream()
                .map(record -> letters.valueSerde(env.registry()).deserializer().deserialize(record.topic(), record.value())).toList();
        assertThat(deadLetters).extracting(DeadLetter::getReason).satisfiesExactlyInAnyOrder(
                reason -> assertThat(reason).contains("SQL state 22").doesNotContain("CCTV"),
                reason -> assertThat(reason).contains("SerializationException"));
        assertThat(deadLetters).allSatisfy(letter -> {
            assertThat(letter.getApp()).isEqualTo("sink");
            assertThat(letter.getTopic()).isEqualTo(env.topics().contracts().name());
        });

        // More arrives while the sink is down, among it a newer revision of an alert and a replay of an older one.
        try (var producer = env.producer()) {
            for (int i = 20; i < 30; i++) {
                env.send(producer, env.topics().contracts(), "ocds-" + i, contract("ocds-" + i, 1000 + i));
            }
            env.send(producer, env.topics().alerts(), "pw-3", alert("pw-3", "ocds-3", 2));
            env.send(producer, env.topics().alerts(), "pw-3", alert("pw-3", "ocds-3", 1));
        }
        runUntil(env, group, stack, 30, 20, 12);
        assertThat(count(stack, env.schema(), "SELECT revision FROM alerts WHERE alert_id = 'pw-3'"))
                .as("an older revision replayed does not overwrite a newer one").isEqualTo(2);

        // Everything again, from the start, under another group: the tables do not change.
        runUntil(env, scope.applicationId("replay"), stack, 30, 20, 52);
        assertThat(count(stack, env.schema(), "SELECT sum(value)::bigint FROM contracts")).isEqualTo(30 * 1000 + (29 * 30) / 2);
        assertThat(count(stack, env.schema(), "SELECT count(*) FROM exposure_by_buyer")).isEqualTo(1);
    }

    @Test
    void shouldWriteOnlyEachContractsLastVersionOfABatch(LocalStack stack, TestScope scope) throws Exception {
        SinkCase env = SinkCase.start(stack, scope);
        try (var producer = env.producer()) {
            for (int version = 1; version <= 3; version++) {
                for (int i = 0; i < 5; i++) {
                    env.send(producer, env.topics().contracts(), "ocds-" + i, contract("ocds-" + i, 100 * version + i));
                }
            }
        }
        PostgresSink sink = new PostgresSink(env.settings(scope.applicationId("sink")), env.registry(), stack.dataSource());
        Thread thread = new Thread(sink, "sink-" + scope.id());
        thread.start();
        try {
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(count(stack, env.schema(), "SELECT sum(value)::bigint FROM contracts")).as("each contract's last version")
                            .isEqualTo(5 * 300 + 10));
            assertThat(count(stack, env.schema(), "SELECT count(*) FROM contracts")).isEqualTo(5);
            // All fifteen are on the topic before the sink starts, so its first batches hold several versions of a contract.
            assertThat(sink.written()).as("earlier versions in the same batch are not written").isLessThan(15);
        } finally {
            sink.close();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** Alerts go in statements of many rows, where a row may appear only once: each alert's last revision of a batch. */
    @Test
    void shouldWriteEachAlertsLastRevisionOfABatch(LocalStack stack, TestScope scope) throws Exception {
        SinkCase env = SinkCase.start(stack, scope);
        try (var producer = env.producer()) {
            for (int revision = 1; revision <= 3; revision++) {
                for (int i = 0; i < 5; i++) {
                    env.send(producer, env.topics().alerts(), "alert-" + i, alert("alert-" + i, "ocds-" + i, revision));
                }
            }
        }
        PostgresSink sink = new PostgresSink(env.settings(scope.applicationId("sink")), env.registry(), stack.dataSource());
        Thread thread = new Thread(sink, "sink-" + scope.id());
        thread.start();
        try {
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(count(stack, env.schema(), "SELECT count(*) FROM alerts WHERE revision = 3")).isEqualTo(5));
            assertThat(count(stack, env.schema(), "SELECT count(*) FROM alerts")).isEqualTo(5);
            assertThat(sink.batchesSplit()).as("no batch refused for a row written twice in one statement").isZero();
        } finally {
            sink.close();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    @Test
    void shouldWaitOutAPostgresqlStoppedMidStreamAndLoseNothing(LocalStack stack, TestScope scope) throws Exception {
        SinkCase env = SinkCase.start(stack, scope);
        // The sink's data source outlives the server: it connects by port, and the server comes back on the same one.
        var database = stack.dataSource();
        PostgresSink sink = new PostgresSink(env.settings(scope.applicationId("sink")), env.registry(), database);
        Thread thread = new Thread(sink, "sink-" + scope.id());
        thread.start();
        try (var producer = env.producer()) {
            for (int i = 0; i < 10; i++) {
                env.send(producer, env.topics().contracts(), "ocds-" + i, contract("ocds-" + i, 1000 + i));
            }
            producer.flush();
            await().atMost(PATIENCE).until(() -> sink.written() == 10);

            stack.postgres().stop();
            for (int i = 10; i < 25; i++) {
                env.send(producer, env.topics().contracts(), "ocds-" + i, contract("ocds-" + i, 1000 + i));
            }
            producer.flush();
            await("the sink meets the stopped server and waits").atMost(PATIENCE).until(() -> sink.retries() > 0);
            assertThat(sink.written()).isEqualTo(10);
            stack.postgres().start();

            await().atMost(PATIENCE).until(() -> sink.written() == 25);
            assertThat(count(stack, env.schema(), "SELECT count(*) FROM contracts")).isEqualTo(25);
        } finally {
            sink.close();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(sink.written()).as("nothing written twice").isEqualTo(25);
    }

    @Test
    void shouldDeadLetterRecordsTooBigToIndexAndWriteTheNextOne(LocalStack stack, TestScope scope) throws Exception {
        SinkCase env = SinkCase.start(stack, scope);
        String hugeOcid = incompressible(3_200, 1);
        try (var producer = env.producer()) {
            // PostgreSQL refuses an index row over about 2.7 KB (SQL state 54000): text too random to compress, as a
            // hostile publisher could send, in the buyer (indexed by its key) and in the ocid (the primary key).
            env.send(producer, env.topics().contracts(), "ocds-huge-buyer", CompiledContract.newBuilder(contract("ocds-huge-buyer", 1))
                    .setBuyer(Party.newBuilder().setName(incompressible(3_200, 2)).build()).build());
            env.send(producer, env.topics().contracts(), hugeOcid, contract(hugeOcid, 2));
            env.send(producer, env.topics().contracts(), "ocds-good", contract("ocds-good", 3));
        }
        PostgresSink sink = new PostgresSink(env.settings(scope.applicationId("sink")), env.registry(), stack.dataSource());
        Thread thread = new Thread(sink, "sink-" + scope.id());
        thread.start();
        try {
            await("the good release after them written").atMost(PATIENCE).until(() ->
                    count(stack, env.schema(), "SELECT count(*) FROM contracts WHERE ocid = 'ocds-good'") == 1);
        } finally {
            sink.close();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(count(stack, env.schema(), "SELECT count(*) FROM contracts")).isEqualTo(1);
        var letters = env.topics().deadLetters();
        var deadLetters = TopicContents.committed(stack, letters.name()).stream()
                .map(record -> letters.valueSerde(env.registry()).deserializer().deserialize(record.topic(), record.value())).toList();
        assertThat(deadLetters).hasSize(2).allSatisfy(letter -> {
            assertThat(letter.getReason()).contains("SQL state 54000");
            assertThat(letter.getTopic()).isEqualTo(env.topics().contracts().name());
            assertThat(letter.getValue()).as("the whole value kept, to replay").isNotNull();
        });
    }

    /** Letters and digits drawn at random: text compression cannot shrink much. */
    private static String incompressible(int length, long seed) {
        java.util.Random random = new java.util.Random(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @Test
    void shouldStayInItsGroupThroughAnOutageLongerThanItsPollIntervalAndLoseNothing(LocalStack stack, TestScope scope) throws Exception {
        SinkCase env = SinkCase.start(stack, scope);
        String group = scope.applicationId("sink");
        // The group puts out a consumer that does not poll within max.poll.interval.ms (5 minutes by default): here 10 s,
        // so that an outage of 25 s outlasts it as one of 7 minutes outlasts the default. -Dprocwatch.it.postgres-outage=PT7M
        // runs the full length against the default poll interval (about 8 minutes; not in the suite, for its time).
        Duration outage = Duration.parse(System.getProperty("procwatch.it.postgres-outage", "PT25S"));
        Map<String, Object> pollInterval = outage.compareTo(Duration.ofMinutes(6)) >= 0 ? Map.of() : Map.of("max.poll.interval.ms", 10_000);
        PostgresSink sink = new PostgresSink(env.settings(group).withClientOverrides(pollInterval), env.registry(), stack.dataSource());
        Thread thread = new Thread(sink, "sink-" + scope.id());
        thread.start();
        try (var producer = env.producer()) {
            for (int i = 0; i < 10; i++) {
                env.send(producer, env.topics().contracts(), "ocds-" + i, contract("ocds-" + i, 1000 + i));
            }
            producer.flush();
            await().atMost(PATIENCE).until(() -> sink.written() == 10);

            stack.postgres().stop();
            try {
                for (int i = 10; i < 25; i++) {
                    env.send(producer, env.topics().contracts(), "ocds-" + i, contract("ocds-" + i, 1000 + i));
                }
                producer.flush();
                await("the sink meets the stopped server and waits").atMost(PATIENCE).until(() -> sink.retries() > 0);
                Thread.sleep(outage.toMillis());
            } finally {
                stack.postgres().start();
            }

            await().atMost(PATIENCE).until(() -> sink.written() == 25);
            await("the offsets committed").atMost(PATIENCE).until(() -> committed(stack, group, env.topics().contracts().name()) == 25);
            assertThat(thread.isAlive()).as("the sink still running").isTrue();
            assertThat(count(stack, env.schema(), "SELECT count(*) FROM contracts")).isEqualTo(25);
        } finally {
            sink.close();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(sink.written()).as("nothing written twice").isEqualTo(25);
    }

    @Test
    void shouldWaitOutTheRegistryAwayAndDeadLetterNothing(LocalStack stack, TestScope scope) throws Exception {
        SinkCase env = SinkCase.start(stack, scope);
        try (var producer = env.producer()) {
            for (int i = 0; i < 5; i++) {
                env.send(producer, env.topics().contracts(), "ocds-" + i, contract("ocds-" + i, 1000 + i));
            }
        }
        // A sink started while the registry is away has none of the records' schemas (its own client, nothing cached):
        // it cannot read them, which is no fault of theirs.
        stack.registry().stop();
        PostgresSink sink;
        Thread thread;
        try {
            sink = new PostgresSink(env.settings(scope.applicationId("sink")), new RestSchemaRegistryClient(stack.schemaRegistryUrl()),
                    stack.dataSource());
            thread = new Thread(sink, "sink-" + scope.id());
            thread.start();
            await("the sink meets the registry away and waits").atMost(PATIENCE).until(() -> sink.retries() > 0);
            Thread.sleep(Duration.ofSeconds(10).toMillis());
            assertThat(sink.written()).isZero();
        } finally {
            stack.registry().start();
        }
        try {
            await().atMost(PATIENCE).until(() -> sink.written() == 5);
            assertThat(thread.isAlive()).isTrue();
        } finally {
            sink.close();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(count(stack, env.schema(), "SELECT count(*) FROM contracts")).isEqualTo(5);
        assertThat(TopicContents.committed(stack, env.topics().deadLetters().name())).as("nothing dead-lettered").isEmpty();
    }

    /** The offsets the group has committed on the topic, summed over its partitions. */
    private static long committed(LocalStack stack, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                    .mapToLong(entry -> entry.getValue().offset()).sum();
        }
    }

    @Test
    void shouldLinkEachFoiBodyToItsContractsAndMarkTheAnswersTheyContradict(LocalStack stack, TestScope scope) throws Exception {
        SinkCase env = SinkCase.start(stack, scope);
        try (var producer = env.producer()) {
            env.send(producer, env.topics().contracts(), "ocds-1", contract("ocds-1", 5000));
            env.send(producer, env.topics().alerts(), "pw-1", alert("pw-1", "ocds-1", 1));
            // A distributor of the firm need not sell its equipment: no contradiction.
            env.send(producer, env.topics().contracts(), "ocds-2", contract("ocds-2", 700));
            env.send(producer, env.topics().alerts(), "pw-2", Alert.newBuilder(alert("pw-2", "ocds-2", 1)).setRelation("distributor").build());
            // The same body by another spelling of its name; it answered no to Hikvision, and a second request yes.
            env.send(producer, env.topics().foiResponses(), "whatdotheyknow:cctv_riverside",
                    foi("whatdotheyknow:cctv_riverside", "RIVERSIDE ACADEMY.", FoiAnswer.no, "whatdotheyknow", "We do not use Hikvision."));
            env.send(producer, env.topics().foiResponses(), "r2", foi("r2", "Riverside Academy", FoiAnswer.yes, "file", null));
            env.send(producer, env.topics().foiResponses(), "r3", foi("r3", "Kingsbridge School", FoiAnswer.no, "file", null));
        }
        PostgresSink sink = new PostgresSink(env.settings(scope.applicationId("sink")), env.registry(), stack.dataSource());
        Thread thread = new Thread(sink, "sink-" + scope.id());
        thread.start();
        try {
            await().atMost(PATIENCE).until(() -> sink.written() == 7);
        } finally {
            sink.close();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(count(stack, env.schema(), "SELECT count(*) FROM foi_body_contracts")).as("both of Riverside's answers by both "
                + "of its contracts, none of Kingsbridge's").isEqualTo(4);
        assertThat(count(stack, env.schema(), "SELECT count(*) FROM foi_body_contracts WHERE contradiction AND request_id = "
                + "'whatdotheyknow:cctv_riverside' AND ocid = 'ocds-1' AND evidence = 'We do not use Hikvision.' AND source = 'whatdotheyknow'"))
                .isEqualTo(1);
        assertThat(count(stack, env.schema(), "SELECT count(*) FROM foi_body_contracts WHERE contradiction")).isEqualTo(1);
    }

    @Test
    void shouldKeyRowsWrittenBeforeTheKeysExisted(LocalStack stack, TestScope scope) throws Exception {
        String schema = "t_" + Integer.toHexString(scope.id().hashCode());
        Flyway.configure().dataSource(stack.dataSource()).schemas(schema).defaultSchema(schema).locations("classpath:org/procwatch/sink/migrations")
                .target("2").load().migrate();
        try (Connection connection = stack.dataSource().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("SET search_path TO " + schema);
            sql.execute("INSERT INTO foi_responses (request_id, body_name, body_type, outcome, hikvision, dahua, other_vendors, capabilities) "
                    + "VALUES ('r1', 'Riverside Academy Ltd', 'secondary_school', 'answered', 'no', 'no', '{}', '{}')");
            sql.execute("INSERT INTO contracts (ocid, buyer, body_type, release_count, compiled_release, compiled_at) "
                    + "VALUES ('ocds-1', 'RIVERSIDE ACADEMY', 'secondary_school', 1, '{}', now())");
        }

        assertThat(SinkSchema.migrate(stack.dataSource(), schema)).as("every migration after V2").isEqualTo(migrationsAfter(2));

        assertThat(count(stack, schema, "SELECT count(*) FROM foi_responses f JOIN contracts c ON c.buyer_key = f.body_key "
                + "WHERE f.body_key = 'riverside academy' AND f.source = 'file'")).isEqualTo(1);
    }

    /** How many migrations, SQL and Java, come after the given version. */
    private static long migrationsAfter(int version) throws IOException {
        try (var sql = Files.list(Path.of("src/main/resources/org/procwatch/sink/migrations"));
             var java = Files.list(Path.of("src/main/java/org/procwatch/sink/migrations"))) {
            return Stream.concat(sql, java).map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.(sql|java)"))
                    .filter(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))) > version).count();
        }
    }

    /**
     * A test's own copies of the sink's topics and its own PostgreSQL schema, migrated, on the shared stack.
     *
     * @param client the Kafka client settings
     */
    private record SinkCase(SinkTopics topics, RestSchemaRegistryClient registry, String schema, Map<String, Object> client) {

        static SinkCase start(LocalStack stack, TestScope scope) {
            String schema = "t_" + Integer.toHexString(scope.id().hashCode());
            SinkSchema.migrate(stack.dataSource(), schema);
            return new SinkCase(SinkTopics.standard().copied(scope::topic), new RestSchemaRegistryClient(stack.schemaRegistryUrl()), schema,
                    Map.of("bootstrap.servers", stack.bootstrapServers()));
        }

        SinkSettings settings(String group) {
            return new SinkSettings(client, topics, group, schema, List.of(), WebhookSettings.defaults());
        }

        KafkaProducer<byte[], byte[]> producer() {
            return new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer());
        }

        <V> void send(KafkaProducer<byte[], byte[]> producer, TopicDescriptor<String, V> topic, String key, V value) {
            producer.send(new ProducerRecord<>(topic.name(), topic.keySerde(registry).serializer().serialize(topic.name(), key),
                    topic.valueSerde(registry).serializer().serialize(topic.name(), value)));
        }
    }

    /** Runs a sink until it has written {@code records} and the tables hold the counts, then stops it. */
    private static void runUntil(SinkCase env, String group, LocalStack stack, long contracts, long alerts, long records)
            throws InterruptedException {
        PostgresSink sink = new PostgresSink(env.settings(group), env.registry(), stack.dataSource());
        Thread thread = new Thread(sink, "sink-" + group);
        thread.start();
        try {
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(sink.written()).isEqualTo(records);
                assertThat(count(stack, env.schema(), "SELECT count(*) FROM contracts")).isEqualTo(contracts);
                assertThat(count(stack, env.schema(), "SELECT count(*) FROM alerts")).isEqualTo(alerts);
            });
        } finally {
            sink.close();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(thread.isAlive()).isFalse();
    }

    private static long count(LocalStack stack, String schema, String query) throws SQLException {
        try (Connection connection = stack.dataSource().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("SET search_path TO " + schema);
            try (ResultSet result = sql.executeQuery(query)) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static CompiledContract contract(String ocid, double value) {
        return CompiledContract.newBuilder().setOcid(ocid).setCompiledReleaseJson("{\"ocid\": \"" + ocid + "\"}").setReleaseCount(1)
                .setBuyer(Party.newBuilder().setName("Riverside Academy").build()).setBodyType(BodyType.secondary_school)
                .setValueAmount(value).setValueCurrency("GBP").setSuppliers(List.of()).setTenderers(List.of())
                .setCompiledAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }

    private static FoiResponse foi(String requestId, String body, FoiAnswer hikvision, String source, String evidence) {
        return FoiResponse.newBuilder().setRequestId(requestId).setBodyName(body).setBodyType(BodyType.secondary_school)
                .setOutcome(FoiOutcome.answered).setHikvision(hikvision).setDahua(FoiAnswer.unknown).setEvidence(evidence)
                .setSource(SourceMetadata.newBuilder().setSource(source).setUri("test").setFetchedAt(Instant.parse("2026-01-01T00:00:00Z")).build())
                .build();
    }

    private static Alert alert(String id, String ocid, int revision) {
        return Alert.newBuilder().setAlertId(id).setOcid(ocid).setBuyer("Riverside Academy").setBodyType(BodyType.secondary_school)
                .setListedEntityId("hikvision").setListedEntity("Hikvision").setRelation("subsidiary").setLists(List.of("us-fcc-covered-list"))
                .setScore(1.0).setEvidence(List.of(Evidence.newBuilder().setKind(EvidenceKind.NAME).setScore(1.0).setExplanation("test")
                        .build()))
                .setCreatedAt(Instant.parse("2026-01-01T00:00:00Z")).setUpdatedAt(Instant.parse("2026-01-0" + revision + "T00:00:00Z"))
                .setRevision(revision).build();
    }

}
