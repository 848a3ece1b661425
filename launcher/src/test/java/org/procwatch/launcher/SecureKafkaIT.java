package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.kafka.KafkaBroker;
import org.procwatch.stack.kafka.SecureListener;
import org.procwatch.stack.process.Ports;

/**
 * The apps against a broker that wants SASL/SCRAM over TLS, as production ones do: {@code --kafka-config}
 * carries the client settings to every Kafka client of {@code setup} and {@code ingest files}, and a wrong
 * password fails at once with Kafka's reason. (The registry is the shared local one.)
 */
@ExtendWith(LocalStackExtension.class)
class SecureKafkaIT {

    @TempDir
    Path folder;

    @Test
    void shouldSetUpAndIngestOverSaslSslWithTheKafkaConfigFile(LocalStack stack) throws Exception {
        SecureListener secure = SecureListener.create(folder.resolve("tls"), Ports.preferredOrFree(0), "procwatch", "s3cret-scram");
        try (KafkaBroker broker = new KafkaBroker(folder.resolve("broker"), Ports.preferredOrFree(0), Ports.preferredOrFree(0), secure)) {
            broker.start();
            String bootstrap = "127.0.0.1:" + secure.port();
            Path kafkaConfig = properties("kafka.properties", secure.clientConfig());

            assertThat(execute("setup", "--bootstrap-servers", bootstrap, "--schema-registry-url", stack.schemaRegistryUrl(),
                    "--kafka-config", kafkaConfig.toString(), "--replication-factor", "1")).isZero();

            Path notices = Files.writeString(folder.resolve("notices.json"), """
                    {"version": "1.1", "releases": [{"ocid": "ocds-tls-1", "id": "1", "date": "2024-01-01"},
                                                    {"ocid": "ocds-tls-2", "id": "1", "date": "2024-01-02"}]}
                    """);
            assertThat(execute("ingest", "files", notices.toString(), "--no-bundled-watchlist", "--bootstrap-servers", bootstrap,
                    "--schema-registry-url", stack.schemaRegistryUrl(), "--kafka-config", kafkaConfig.toString())).isZero();
            assertThat(readOverTls(bootstrap, secure, Topics.RELEASES.name())).isEqualTo(2);

            Map<String, String> wrong = new HashMap<>(secure.clientConfig());
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"procwatch\" "
                    + "password=\"not-it\";");
            StringWriter err = new StringWriter();
            assertThat(Main.execute(new String[] {"setup", "--bootstrap-servers", bootstrap, "--schema-registry-url",
                    stack.schemaRegistryUrl(), "--kafka-config", properties("wrong.properties", wrong).toString()}, Map.of(),
                    new PrintWriter(err, true))).isEqualTo(1);
            assertThat(err.toString()).contains("Authentication failed").doesNotContain("not-it", "s3cret-scram");
        }
    }

    private int execute(String... args) {
        StringWriter err = new StringWriter();
        int exitCode = Main.execute(args, Map.of(), new PrintWriter(err, true));
        assertThat(err.toString()).as("standard error of %s", args[0]).doesNotContain("s3cret-scram");
        return exitCode;
    }

    private Path properties(String name, Map<String, String> values) throws IOException {
        return PropertiesFiles.write(folder.resolve(name), values);
    }

    /** Committed records of a topic, read by a plain consumer over SASL_SSL. */
    private static int readOverTls(String bootstrap, SecureListener secure, String topic) {
        Map<String, Object> config = new HashMap<>(secure.clientConfig());
        config.putAll(Map.of("bootstrap.servers", bootstrap, "group.id", "tls-check", "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"));
        List<byte[]> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < 2 && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> read.add(record.value()));
            }
        }
        return read.size();
    }
}
