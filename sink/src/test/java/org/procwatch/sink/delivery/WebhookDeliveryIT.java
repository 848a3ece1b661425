package org.procwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.RetractReason;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.sink.consumer.SinkRunner;
import org.procwatch.sink.consumer.SinkSettings;
import org.procwatch.sink.consumer.SinkTopics;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;

/**
 * Alerts from the real topic to local receivers through the real sink and PostgreSQL: each matching alert is
 * accepted once per delivery id though the receiver fails its first requests, every signature verifies, a
 * filtered subscription gets only its alerts, a subscriber that never answers delays nobody and is parked,
 * and its deliveries reach it once it is back after a restart; a retraction goes to those that had the raise.
 */
@ExtendWith(LocalStackExtension.class)
class WebhookDeliveryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final WebhookSettings QUICK = new WebhookSettings(Duration.ofMillis(100), Duration.ofSeconds(1), 3,
            Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(100));

    private static final String DOWN_DESK_PARKED = "SELECT count(*) FROM webhook_subscribers WHERE parked AND subscription_id = 'down-desk'";

    @Test
    void shouldDeliverEachMatchingAlertOnceSignedAndResumeAParkedSubscriberAfterARestart(LocalStack stack, TestScope scope)
            throws Exception {
        SinkTopics topics = SinkTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        String schema = "w_" + Integer.toHexString(scope.id().hashCode());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        String group = scope.applicationId("sink");

        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String entity = i % 3 == 0 ? "dahua" : "hikvision";
            BodyType bodyType = i % 2 == 0 ? BodyType.police_force : BodyType.secondary_school;
            alerts.add(alert("pw-" + i, entity, bodyType, i % 4 == 0 ? null : 10_000.0 * i, 1));
        }
        List<String> allIds = alerts.stream().map(alert -> alert.getAlertId() + ":alert.raised").toList();
        // Dahua at police forces, worth at least 50,000: pw-6 only (pw-0 has no value, pw-12 does not exist).
        List<String> filteredIds = alerts.stream().filter(alert -> alert.getListedEntityId().equals("dahua")
                && alert.getBodyType() == BodyType.police_force && alert.getValue() != null && alert.getValue() >= 50_000)
                .map(alert -> alert.getAlertId() + ":alert.raised").toList();
        assertThat(filteredIds).containsExactly("pw-6:alert.raised");

        try (WebhookReceiver flaky = WebhookReceiver.failingFirst(4);
             WebhookReceiver filtered = WebhookReceiver.failingFirst(0);
             WebhookReceiver hanging = WebhookReceiver.hanging()) {
            int hangingPort = hanging.port();
            List<Subscription> subscriptions = List.of(
                    // Receivers on 127.0.0.1 over plain http: a private network, allowed by name.
                    new Subscription("flaky-desk", flaky.url(), "flaky-secret", null, true, null),
                    new Subscription("police-dahua", filtered.url(), "police-secret",
                            new Subscription.Filters(List.of("Dahua"), List.of("police_force"), 50_000.0), true, null),
                    new Subscription("down-desk", hanging.url(), "down-secret", null, true, null),
                    // Nothing listens on port 1: its deliveries are given up after two seconds instead of tried for ever.
                    new Subscription("gone-desk", "http://127.0.0.1:1/hook", "gone-secret", null, true, "PT2S"));
            send(stack, topics, registry, alerts);
            // A newer revision of a delivered alert, and a replay of the old one: neither is delivered again.
            try (SinkRunner sink = SinkRunner.start(new SinkSettings(client, topics, group, schema, subscriptions, QUICK), registry, stack.dataSource())) {
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(flaky.accepted()).containsExactlyInAnyOrderElementsOf(allIds);
                    assertThat(filtered.accepted()).containsExactlyElementsOf(filteredIds);
                });
                send(stack, topics, registry, List.of(alert("pw-1", "hikvision", BodyType.secondary_school, 10_000.0, 2),
                        alerts.get(1)));
                await("the down subscriber parked").atMost(PATIENCE)
                        .until(() -> query(stack, schema, DOWN_DESK_PARKED) == 1);
                await("the new revision read").atMost(PATIENCE)
                        .until(() -> query(stack, schema, "SELECT revision FROM alerts WHERE alert_id = 'pw-1'") == 2);
                assertThat(sink.webhookStatus()).filteredOn(status -> status.get("id").equals("down-desk"))
                        .singleElement().satisfies(status -> {
                            assertThat(status.get("parked")).isEqualTo(true);
                            assertThat(status.get("waiting")).isEqualTo(12L);
                        });
                await("the deliveries nobody could take given up").atMost(PATIENCE).untilAsserted(() ->
                        assertThat(sink.webhookStatus()).filteredOn(status -> status.get("id").equals("gone-desk")).singleElement()
                                .satisfies(status -> {
                                    assertThat(status.get("expired")).isEqualTo(12L);
                                    assertThat(status.get("waiting")).isEqualTo(0L);
                                    assertThat(status.get("delivered")).isEqualTo(0L);
                                }));
            }
            assertThat(flaky.received()).as("four refused, twelve accepted").hasSize(16);
            assertThat(flaky.accepted()).hasSize(12);
            assertThat(filtered.received()).hasSize(1);
            verifySignatures(flaky, "flaky-secret");
            verifySignatures(filtered, "police-secret");
            assertThat(query(stack, schema, "SELECT count(*) FROM webhook_attempts WHERE subscription_id = 'flaky-desk'"))
                    .as("every attempt in the delivery log").isEqualTo(16);
            assertThat(query(stack, schema, "SELECT count(*) FROM webhook_attempts WHERE subscription_id = 'flaky-desk' AND status = 503"))
                    .isEqualTo(4);
            assertThat(query(stack, schema, "SELECT count(*) FROM webhook_attempts WHERE subscription_id = 'down-desk' AND error IS NOT NULL"))
                    .isGreaterThanOrEqualTo(3);

            // The down subscriber comes back on its address while procwatch is stopped; the restarted sink
            // probes it at once and sends it everything that waited.
            hanging.close();
            try (WebhookReceiver back = WebhookReceiver.healthyOn(hangingPort);
                 SinkRunner sink = SinkRunner.start(new SinkSettings(client, topics, group, schema, subscriptions, QUICK), registry, stack.dataSource())) {
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(back.accepted()).containsExactlyInAnyOrderElementsOf(allIds));
                verifySignatures(back, "down-secret");
                await().atMost(PATIENCE).until(() -> query(stack, schema, DOWN_DESK_PARKED) == 0);
                Thread.sleep(QUICK.pollEvery().multipliedBy(10).toMillis()); // time enough for any delivery sent twice to show
                assertThat(back.accepted()).hasSize(12);
            }
            assertThat(flaky.accepted()).as("nothing sent again after the restart").hasSize(12);
            assertThat(filtered.accepted()).hasSize(1);
        }
    }

    @Test
    void shouldDeliverARetractionToTheSubscribersThatHadTheRaiseAndKeepTheRetractedAlert(LocalStack stack, TestScope scope)
            throws Exception {
        SinkTopics topics = SinkTopics.standard().copied(scope::topic);
        var registry = new RestSchemaRegistryClient(stack.schemaRegistryUrl());
        String schema = "w_" + Integer.toHexString(scope.id().hashCode());
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        Alert raised = alert("pw-r1", "hikvision", BodyType.secondary_school, 20_000.0, 1);
        Alert retracted = Alert.newBuilder(raised).setStatus(AlertStatus.retracted).setRetractReason(RetractReason.delisted)
                .setRetractedAt(Instant.parse("2026-01-02T00:00:00Z")).setUpdatedAt(Instant.parse("2026-01-02T00:00:00Z")).setRevision(2).build();

        try (WebhookReceiver desk = WebhookReceiver.failingFirst(0); WebhookReceiver police = WebhookReceiver.failingFirst(0)) {
            List<Subscription> subscriptions = List.of(
                    new Subscription("desk", desk.url(), "desk-secret", null, true, null),
                    new Subscription("police-dahua", police.url(), "police-secret",
                            new Subscription.Filters(List.of("dahua"), List.of("police_force"), null), true, null));
            try (SinkRunner sink = SinkRunner.start(new SinkSettings(client, topics, scope.applicationId("sink"), schema, subscriptions, QUICK),
                    registry, stack.dataSource())) {
                send(stack, topics, registry, List.of(raised));
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(desk.accepted()).containsExactly("pw-r1:alert.raised"));

                // The retraction, then a replay of the raise: the row stays retracted, nothing is sent twice.
                send(stack, topics, registry, List.of(retracted, raised));
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(desk.accepted()).containsExactly("pw-r1:alert.raised", "pw-r1:alert.retracted"));
                await().atMost(PATIENCE).until(() -> query(stack, schema,
                        "SELECT count(*) FROM alerts WHERE alert_id = 'pw-r1' AND status = 'retracted' AND retract_reason = 'delisted'"
                                + " AND retracted_at IS NOT NULL AND revision = 2") == 1);
                Thread.sleep(QUICK.pollEvery().multipliedBy(10).toMillis()); // time enough for any delivery sent twice to show
            }
            assertThat(desk.accepted()).hasSize(2);
            var retraction = desk.received().getLast();
            assertThat(retraction.event()).isEqualTo("alert.retracted");
            assertThat(retraction.alert().path("status").asText()).isEqualTo("retracted");
            assertThat(retraction.alert().path("retractReason").asText()).isEqualTo("delisted");
            assertThat(WebhookSignature.verify("desk-secret", retraction.signature(), retraction.body(), Instant.now())).isTrue();
            assertThat(police.received()).as("a subscriber that never had the raise is not told of the retraction").isEmpty();
            assertThat(query(stack, schema, "SELECT count(*) FROM alerts WHERE status = 'retracted'")).as("kept, never deleted").isEqualTo(1);
        }
    }

    private static void verifySignatures(WebhookReceiver receiver, String secret) {
        assertThat(receiver.received()).isNotEmpty().allSatisfy(request -> {
            assertThat(WebhookSignature.verify(secret, request.signature(), request.body(), Instant.now())).as(request.signature()).isTrue();
            assertThat(request.event()).isEqualTo("alert.raised");
            assertThat(request.deliveryId()).isEqualTo(request.alert().path("alertId").asText() + ":alert.raised");
        });
    }

    private static void send(LocalStack stack, SinkTopics topics, RestSchemaRegistryClient registry, List<Alert> alerts) {
        var topic = topics.alerts();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Alert alert : alerts) {
                producer.send(new ProducerRecord<>(topic.name(), topic.keySerde(registry).serializer().serialize(topic.name(),
                        alert.getAlertId()), topic.valueSerde(registry).serializer().serialize(topic.name(), alert)));
            }
        }
    }

    private static long query(LocalStack stack, String schema, String sql) throws SQLException {
        try (Connection connection = stack.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema);
            try (ResultSet result = statement.executeQuery(sql)) {
                return result.next() ? result.getLong(1) : -1;
            }
        }
    }

    private static Alert alert(String id, String entity, BodyType bodyType, Double value, int revision) {
        return Alert.newBuilder().setAlertId(id).setOcid("ocds-" + id).setBuyer("A public body").setBodyType(bodyType)
                .setListedEntityId(entity).setListedEntity(entity.equals("dahua") ? "Dahua Technology" : "Hikvision")
                .setRelation("listed").setLists(List.of("us-fcc-covered-list")).setScore(1.0).setValue(value)
                .setCurrency(value == null ? null : "GBP")
                .setEvidence(List.of(Evidence.newBuilder().setKind(EvidenceKind.NAME).setScore(1.0).setExplanation("test").build()))
                .setCreatedAt(Instant.parse("2026-01-01T00:00:00Z")).setUpdatedAt(Instant.parse("2026-01-0" + revision + "T00:00:00Z"))
                .setRevision(revision).build();
    }
}
