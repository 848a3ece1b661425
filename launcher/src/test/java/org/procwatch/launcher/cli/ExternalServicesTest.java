package org.procwatch.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ExternalServicesTest {

    @TempDir
    Path folder;

    @Command
    static final class App {
        @Mixin
        ExternalServices services;
    }

    private ExternalServices parse(String... options) {
        App app = new App();
        new CommandLine(app).parseArgs(options);
        return app.services;
    }

    @Test
    void shouldLogInWithTheUserAndThePasswordOfItsFileQuotedAsJaasReadsIt() throws IOException {
        Path password = Files.writeString(folder.resolve("password"), "pa\"ss\\word\n");
        var client = parse("--bootstrap-servers", "kafka:9092", "--schema-registry-url", "http://registry", "--kafka-user", "procwatch-sink",
                "--kafka-password-file", password.toString()).kafkaClient();
        assertThat(client).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"procwatch-sink\" password=\"pa\\\"ss\\\\word\";");
    }

    @Test
    void shouldKeepTheProtocolOfTheKafkaConfigAndRefuseTwoLogins() throws IOException {
        Path password = Files.writeString(folder.resolve("password"), "s3cret-0123456789");
        Path tls = Files.writeString(folder.resolve("tls.properties"), "security.protocol=SASL_SSL\n");
        assertThat(parse("--bootstrap-servers", "k:9092", "--schema-registry-url", "http://r", "--kafka-config", tls.toString(),
                "--kafka-user", "u", "--kafka-password-file", password.toString()).kafkaClient()).containsEntry("security.protocol", "SASL_SSL");

        Path jaas = Files.writeString(folder.resolve("jaas.properties"), "sasl.jaas.config=x required;\n");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:9092", "--schema-registry-url", "http://r", "--kafka-config", jaas.toString(),
                "--kafka-user", "u", "--kafka-password-file", password.toString()).kafkaClient()).hasMessageContaining("keep one");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:9092", "--schema-registry-url", "http://r", "--kafka-user", "u").kafkaClient())
                .hasMessageContaining("go together");
    }
}
