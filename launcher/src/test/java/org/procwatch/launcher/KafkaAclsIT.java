package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.launcher.cli.ScramLogin;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;
import org.procwatch.stack.kafka.KafkaBroker;
import org.procwatch.stack.kafka.SecureListener;
import org.procwatch.stack.process.Ports;
import org.procwatch.stack.registry.ApicurioRegistry;

/**
 * The pipeline on a broker that allows only what ACLs grant, as a production one does: {@code setup-kafka-users} (a
 * super user) gives each stage its SCRAM user and grants; ingest, enrich and the sink, each a process logging in as its
 * own user, take a contract to an alert in PostgreSQL, with Apicurio Registry keeping its schemas in Kafka as its own user; and
 * each user is refused what is not its work. (PostgreSQL is the shared local one.)
 */
@ExtendWith(LocalStackExtension.class)
class KafkaAclsIT {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path folder;

    @Test
    void shouldLetEachStageDoItsWorkAndNothingElse(LocalStack stack, TestScope scope) throws Exception {
        SecureListener secure = SecureListener.create(folder.resolve("tls"), Ports.preferredOrFree(0), "admin", "admin-s3cret-scram")
                .authorizing();
        Path users = Files.createDirectories(folder.resolve("users"));
        for (String stage : List.of("ingest", "enrich", "sink", "reader", "registry")) {
            // No line end: the registry's is read whole by Kafka's DirectoryConfigProvider, as compose gives it.
            Files.writeString(users.resolve("kafka_" + stage + "_password"), stage + "-password-0123456789");
        }
        try (KafkaBroker broker = new KafkaBroker(folder.resolve("broker"), Ports.preferredOrFree(0), Ports.preferredOrFree(0), secure)) {
            broker.start();
            // What every stage's --kafka-config holds: TLS and the broker's certificate; the login comes from --kafka-user.
            Map<String, String> tls = Map.of("security.protocol", "SASL_SSL", "ssl.truststore.type", "PEM",
                    "ssl.truststore.location", secure.certificate().toString());
            Broker secured = new Broker("127.0.0.1:" + secure.port(), secure, tls, properties("admin.properties", secure.clientConfig()),
                    properties("stage.properties", tls), users);
            setUpUsers(secured);
            try (ApicurioRegistry registry = kafkasqlRegistry(secured, "registry", false)) {
                registry.start();
                runPipeline(stack, scope, secured, registry.confluentApiUrl());
                try (ApicurioRegistry forTheHost = kafkasqlRegistry(secured, "registry-host", true)) {
                    forTheHost.start();
                    checkReadOnlyReplica(forTheHost.confluentApiUrl(), registry.confluentApiUrl());
                }
            }
            Map<String, Object> asAdmin = new HashMap<>(secure.clientConfig());
            asAdmin.put("bootstrap.servers", secured.bootstrap());
            try (Admin admin = Admin.create(asAdmin)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("the registry kept its schemas in Kafka")
                        .contains("kafkasql-journal");
            }
            checkRefusals(secured);
            checkGrantsBeyondTheListAreTakenBack(secured);
        }
    }

    /** The broker under test and how each side logs in to it. */
    private record Broker(String bootstrap, SecureListener secure, Map<String, String> tls, Path adminConfig, Path stageConfig, Path users) {
    }

    private void setUpUsers(Broker broker) {
        assertThat(execute("setup-kafka-users", "--bootstrap-servers", broker.bootstrap(), "--kafka-config", broker.adminConfig().toString(),
                "--kafka-users-dir", broker.users().toString())).isZero();
    }

    /**
     * Apicurio Registry keeping its schemas in Kafka as procwatch-registry, its password read from the file by Kafka's
     * DirectoryConfigProvider: compose's registry, with its settings as system properties instead of variables.
     */
    private ApicurioRegistry kafkasqlRegistry(Broker broker, String name, boolean readOnly) {
        Map<String, String> settings = new HashMap<>();
        if (readOnly) {
            // compose's registry-host: the schemas for clients on the host, none of them able to change one.
            settings.put("apicurio.storage.read-only.enabled", "true");
            settings.put("apicurio.config.dynamic.allow-all", "false");
        }
        settings.put("apicurio.storage.kind", "kafkasql");
        settings.put("apicurio.kafkasql.bootstrap.servers", broker.bootstrap());
        broker.tls().forEach((key, value) -> settings.put("apicurio.kafka.common." + key, value));
        settings.put("apicurio.kafka.common.sasl.mechanism", SecureListener.MECHANISM);
        settings.put("apicurio.kafka.common.config.providers", "dir");
        settings.put("apicurio.kafka.common.config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        // The \ keeps Quarkus from taking ${...} for an expression of its own; Kafka's client then reads the file.
        settings.put("apicurio.kafka.common.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"procwatch-registry\" password=\"\\${dir:" + broker.users() + ":kafka_registry_password}\";");
        return new ApicurioRegistry(ApicurioRegistry.locateDistribution(), folder.resolve(name), Ports.preferredOrFree(0),
                Ports.preferredOrFree(0), settings);
    }

    /**
     * The read-only replica serves every schema the pipeline registered (it reads them from the same Kafka topic) and
     * refuses every change: a new version, a deletion, the compatibility rule, and turning its read-only mode off.
     */
    private static void checkReadOnlyReplica(String replica, String writable) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String subjects = await().atMost(Duration.ofMinutes(1)).until(() -> send(http, HttpRequest.newBuilder(URI.create(replica + "/subjects")))
                .body(), body -> body.contains("procurement.alerts.v1-value"));
        assertThat(subjects).isEqualTo(send(http, HttpRequest.newBuilder(URI.create(writable + "/subjects"))).body());
        String latest = send(http, HttpRequest.newBuilder(URI.create(replica + "/subjects/procurement.alerts.v1-value/versions/latest"))).body();
        int id = new ObjectMapper().readTree(latest).path("id").asInt();
        assertThat(send(http, HttpRequest.newBuilder(URI.create(replica + "/schemas/ids/" + id))).statusCode()).isEqualTo(200);

        String schema = "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}";
        Map<String, HttpRequest.Builder> changes = new LinkedHashMap<>();
        changes.put("a new subject", json(URI.create(replica + "/subjects/forged-value/versions")).POST(HttpRequest.BodyPublishers.ofString(schema)));
        changes.put("a deletion", HttpRequest.newBuilder(URI.create(replica + "/subjects/procurement.alerts.v1-value")).DELETE());
        changes.put("the rule", json(URI.create(replica + "/config")).PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\": \"NONE\"}")));
        changes.put("read-only mode off", json(readOnlySetting(replica)).PUT(HttpRequest.BodyPublishers.ofString("{\"value\": \"false\"}")));
        for (var change : changes.entrySet()) {
            HttpResponse<String> answer = send(http, change.getValue());
            assertThat(answer.statusCode()).as(change.getKey()).isIn(404, 409);
            assertThat(answer.body()).as(change.getKey()).containsAnyOf("read-only mode", "No configuration property named");
        }
        // Where settings may change at run time, as on the writable registry, the mode could be turned off; not on the replica.
        assertThat(send(http, HttpRequest.newBuilder(readOnlySetting(writable))).statusCode()).isEqualTo(200);
        assertThat(send(http, HttpRequest.newBuilder(readOnlySetting(replica))).statusCode()).isEqualTo(404);
        assertThat(send(http, HttpRequest.newBuilder(URI.create(writable + "/subjects"))).body()).as("nothing changed").isEqualTo(subjects);
        assertThat(send(http, HttpRequest.newBuilder(URI.create(writable + "/config"))).body()).contains("BACKWARD");
    }

    /** The registry's read-only setting in its own (v3) API, from its Confluent API's URL. */
    private static URI readOnlySetting(String confluentApi) {
        return URI.create(confluentApi.replace("/apis/ccompat/v7", "/apis/registry/v3")
                + "/admin/config/properties/apicurio.storage.read-only.enabled");
    }

    private static HttpRequest.Builder json(URI uri) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** setup, then ingest, enrich and the sink, each a process logging in as its own user, until the alert is in PostgreSQL. */
    private void runPipeline(LocalStack stack, TestScope scope, Broker broker, String registryUrl) throws Exception {
        List<String> services = List.of("--bootstrap-servers", broker.bootstrap(), "--schema-registry-url", registryUrl,
                "--kafka-config", broker.stageConfig().toString());
        assertThat(execute("setup", "--bootstrap-servers", broker.bootstrap(), "--schema-registry-url", registryUrl,
                "--kafka-config", broker.adminConfig().toString(), "--replication-factor", "1")).isZero();
        Path notices = Files.writeString(folder.resolve("notices.json"), """
                {"version": "1.1", "releases": [{"ocid": "ocds-acl-1", "id": "1", "date": "2024-01-02",
                  "buyer": {"name": "Riverside Academy"},
                  "awards": [{"id": "1", "suppliers": [{"name": "Hikvision UK Ltd"}]}]}]}
                """);
        String schema = "acl_" + Integer.toHexString(scope.id().hashCode());
        Path users = broker.users();
        try (StageProcess ingest = stage("ingest", services, users, "files", notices.toString());
             StageProcess enrich = stage("enrich", services, users, "--state-dir", folder.resolve("enrich").toString(),
                     "--http-port", Integer.toString(Ports.preferredOrFree(0)));
             StageProcess sink = stage("sink", services, users, "--schema", schema, "--jdbc-url", stack.jdbcUrl(),
                     "--jdbc-password-file", stack.postgres().passwordFile().toString())) {
            ingest.start();
            enrich.start();
            sink.start();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (alertsIn(stack, schema) == 0) {
                String logs = ingest.logTail() + "\n" + enrich.logTail() + "\n" + sink.logTail();
                assertThat(System.nanoTime()).as("the alert reaches PostgreSQL in time; the stages said:\n%s", logs).isLessThan(deadline);
                assertThat(enrich.superviseIfExited() || sink.superviseIfExited()).as("a stage died:\n%s", logs).isFalse();
                Thread.sleep(1_000);
            }
            assertThat(alertsIn(stack, schema)).isEqualTo(1);
        }
    }

    private void checkRefusals(Broker broker) throws Exception {
        Map<String, Object> reader = login(broker, "procwatch-reader", "reader-password-0123456789");
        assertThat(read(reader, Topics.ALERTS.name(), "procwatch-reader-watchdog")).as("a watchdog reads the alerts").isEqualTo(1);
        assertThatThrownBy(() -> read(reader, Topics.RELEASES.name(), "procwatch-reader-watchdog"))
                .as("and nothing else").isInstanceOf(TopicAuthorizationException.class);

        Map<String, Object> ingest = login(broker, "procwatch-ingest", "ingest-password-0123456789");
        assertThat(writeFails(ingest, Topics.ALERTS.name())).as("ingest cannot forge an alert").isInstanceOf(TopicAuthorizationException.class);
        Map<String, Object> sink = login(broker, "procwatch-sink", "sink-password-0123456789");
        assertThat(writeFails(sink, Topics.WATCHLIST.name())).as("the sink cannot forge a watchlist entry")
                .isInstanceOf(TopicAuthorizationException.class);
        Map<String, Object> enrich = login(broker, "procwatch-enrich", "enrich-password-0123456789");
        assertThat(writeFails(enrich, Topics.RELEASES.name())).as("enrich cannot write its own input").isInstanceOf(TopicAuthorizationException.class);
        Map<String, Object> registry = login(broker, "procwatch-registry", "registry-password-0123456789");
        assertThat(writeFails(registry, Topics.WATCHLIST.name())).as("nor the registry").isInstanceOf(TopicAuthorizationException.class);
        try (Admin admin = Admin.create(ingest)) {
            assertThatThrownBy(() -> admin.deleteTopics(List.of(Topics.RELEASES.name())).all().get(30, TimeUnit.SECONDS))
                    .as("nor delete a topic").hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** A grant given by hand beyond the list is taken back by the next setup-kafka-users, which changes nothing else. */
    private void checkGrantsBeyondTheListAreTakenBack(Broker broker) throws Exception {
        Map<String, Object> asAdmin = new HashMap<>(broker.secure().clientConfig());
        asAdmin.put("bootstrap.servers", broker.bootstrap());
        AclBinding extra = new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.WATCHLIST.name(), PatternType.LITERAL),
                new AccessControlEntry("User:procwatch-sink", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(asAdmin)) {
            admin.createAcls(List.of(extra)).all().get(30, TimeUnit.SECONDS);
            setUpUsers(broker);
            assertThat(admin.describeAcls(extra.toFilter()).values().get(30, TimeUnit.SECONDS)).isEmpty();
        }
        Map<String, Object> reader = login(broker, "procwatch-reader", "reader-password-0123456789");
        assertThat(read(reader, Topics.ALERTS.name(), "procwatch-reader-again")).isEqualTo(1);
    }

    private StageProcess stage(String name, List<String> services, Path users, String... options) {
        List<String> arguments = new ArrayList<>(List.of(name));
        arguments.addAll(List.of(options));
        arguments.addAll(services);
        arguments.addAll(List.of("--kafka-user", "procwatch-" + name, "--kafka-password-file", users.resolve("kafka_" + name + "_password").toString()));
        return new StageProcess(name, RunningProcwatch.launcher(arguments), folder.resolve("logs"), !name.equals("ingest"));
    }

    private static Map<String, Object> login(Broker broker, String user, String password) {
        Map<String, Object> config = new HashMap<>(broker.tls());
        config.put("bootstrap.servers", broker.bootstrap());
        config.put("sasl.mechanism", SecureListener.MECHANISM);
        config.put("sasl.jaas.config", ScramLogin.jaasConfig(user, password));
        return config;
    }

    private static int read(Map<String, Object> login, String topic, String group) {
        Map<String, Object> config = new HashMap<>(login);
        config.putAll(Map.of("group.id", group, "auto.offset.reset", "earliest", "isolation.level", "read_committed"));
        int read = 0;
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (read == 0 && System.nanoTime() < end) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        return read;
    }

    /** What sending one record to the topic fails with. */
    private static Throwable writeFails(Map<String, Object> login, String topic) throws InterruptedException {
        Map<String, Object> config = new HashMap<>(login);
        config.put("max.block.ms", 20_000);
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, new byte[] {1}, new byte[] {1})).get(30, TimeUnit.SECONDS);
            throw new AssertionError("writing to " + topic + " was allowed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return e;
        }
    }

    private static long alertsIn(LocalStack stack, String schema) throws SQLException {
        try (Connection connection = stack.dataSource().getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, schema, "alerts", null)) {
            if (!tables.next()) {
                return 0;
            }
            try (ResultSet result = connection.createStatement().executeQuery("SELECT count(*) FROM " + schema + ".alerts")) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private int execute(String... args) {
        StringWriter err = new StringWriter();
        int exitCode = Main.execute(args, Map.of(), new PrintWriter(err, true));
        assertThat(err.toString()).as("standard error of %s", args[0]).doesNotContain("s3cret", "password-0123456789");
        return exitCode;
    }

    private Path properties(String name, Map<String, String> values) throws IOException {
        return PropertiesFiles.write(folder.resolve(name), values);
    }
}
