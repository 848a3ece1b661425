package org.procwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.registry.IncompatibleSchemaException;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.serde.AvroDeserializer;
import org.procwatch.schemas.serde.AvroSerializer;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;

@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

    @Test
    void shouldWriteConfluentFramedAvroThroughTheRealRegistryAndReadItBack(LocalStack stack, TestScope scope) {
        TopicDescriptor<String, WatchlistEntity> topic = scope.topic(Topics.WATCHLIST);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        WatchlistEntity hikvisionUk = WatchlistEntity.newBuilder()
                .setId("hikvision-uk").setName("Hikvision UK Limited")
                .setIdentifiers(List.of(new Identifier("GB-COH", "08584373")))
                .setRelation(EntityRelation.subsidiary).setParentId("hikvision")
                .setValidFrom(LocalDate.of(2013, 6, 28))
                .build();

        try (var producer = new KafkaProducer<>(producerConfig(stack), new StringSerializer(), new AvroSerializer<WatchlistEntity>(registry, false))) {
            producer.send(new ProducerRecord<>(topic.name(), hikvisionUk.getId(), hikvisionUk));
        }

        ConsumerRecord<String, byte[]> raw = consumeOne(stack, scope, topic.name());
        int registeredId = new RestSchemaRegistryClient(stack.schemaRegistryUrl())
                .idOf(topic.valueSubject(), WatchlistEntity.getClassSchema());
        assertThat(raw.value()[0]).isZero();
        assertThat(ByteBuffer.wrap(raw.value(), 1, 4).getInt()).isEqualTo(registeredId);
        var freshDeserializer = new AvroDeserializer<>(new RestSchemaRegistryClient(stack.schemaRegistryUrl()), WatchlistEntity.class);
        assertThat(freshDeserializer.deserialize(topic.name(), raw.value())).isEqualTo(hikvisionUk);
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaBecauseTheRegistryRuleIsBackward(LocalStack stack, TestScope scope) {
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        String subject = scope.id() + "-value";
        Schema v1 = SchemaBuilder.record("Body").namespace("test").fields().requiredString("name").endRecord();
        Schema v2 = SchemaBuilder.record("Body").namespace("test").fields().requiredString("name").requiredString("region").endRecord();
        registry.register(subject, v1);

        assertThatThrownBy(() -> registry.register(subject, v2))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo(subject);
                    assertThat(e.incompatibilities()).anySatisfy(line -> assertThat(line).contains("region"));
                });
        assertThat(registry.testCompatibility(subject, v2).compatible()).isFalse();
    }

    @Test
    void shouldCommitTransactionsForReadCommittedConsumers(LocalStack stack, TestScope scope) {
        String topic = scope.topic(Topics.RELEASES).name();
        Map<String, Object> config = producerConfig(stack);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, scope.applicationId("tx"));
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "ocds-b5fd17-1", "committed"));
            producer.commitTransaction();
        }

        assertThat(new String(consumeOne(stack, scope, topic).value())).isEqualTo("committed");
    }

    @Test
    void shouldServeProcwatchsDatabase(LocalStack stack) throws Exception {
        try (var connection = stack.dataSource().getConnection();
             ResultSet result = connection.createStatement().executeQuery("SELECT current_database(), inet_server_addr()::text")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("procwatch");
            assertThat(result.getString(2)).startsWith("127.0.0.1");
        }
        assertThat(stack.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").contains("/procwatch?user=");
    }

    @Test
    void shouldCreateEveryContractTopic(LocalStack stack) throws Exception {
        var config = Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(config)) {
            var names = admin.listTopics().names().get();
            assertThat(names).containsAll(Topics.all().stream().map(TopicDescriptor::name).toList());
            var compacted = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.CONTRACTS.name()))).all().get();
            assertThat(compacted.values().iterator().next().get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    static Map<String, Object> producerConfig(LocalStack stack) {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    static ConsumerRecord<String, byte[]> consumeOne(LocalStack stack, TestScope scope, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, scope.applicationId("reader-" + topic),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            assertThat(records).as("records on %s", topic).hasSize(1);
            return records.getFirst();
        }
    }
}
