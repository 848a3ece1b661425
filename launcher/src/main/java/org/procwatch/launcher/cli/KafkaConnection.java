package org.procwatch.launcher.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import picocli.CommandLine.Option;

/** The Kafka a stage or tool connects to, and how it logs in (a picocli mixin). */
public final class KafkaConnection {

    @Option(names = "--bootstrap-servers", required = true,
            description = "Kafka's bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.* ...) for every client of the app, as Kafka's own "
                    + "tools take them with --command-config.")
    Path kafkaConfig;

    @Option(names = "--kafka-user", paramLabel = "NAME",
            description = "The app's SCRAM user on Kafka (with --kafka-password-file); its protocol is SASL_PLAINTEXT and its mechanism "
                    + "SCRAM-SHA-512 unless --kafka-config says otherwise (SASL_SSL over a network of others).")
    String kafkaUser;

    @Option(names = "--kafka-password-file", paramLabel = "FILE", description = "A file holding the Kafka user's password alone.")
    Path kafkaPasswordFile;

    /** {@link #kafkaClient()} once read: every client of the stage starts from the same settings. */
    private Map<String, Object> kafkaClient;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Settings every Kafka client of the stage starts from: the bootstrap servers, the properties of
     * {@code --kafka-config} and the SCRAM login of {@code --kafka-user}.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    public Map<String, Object> kafkaClient() {
        if (kafkaClient == null) {
            kafkaClient = readKafkaClient();
        }
        return kafkaClient;
    }

    private Map<String, Object> readKafkaClient() {
        Map<String, Object> config = new HashMap<>();
        if (kafkaConfig != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(kafkaConfig)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage(), e);
            }
            properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
        }
        if (kafkaUser != null || kafkaPasswordFile != null) {
            addScramLogin(config);
        }
        config.put("bootstrap.servers", bootstrapServers);
        return Map.copyOf(config);
    }

    private void addScramLogin(Map<String, Object> config) {
        if (kafkaUser == null || kafkaPasswordFile == null) {
            throw new IllegalArgumentException("--kafka-user and --kafka-password-file go together");
        }
        if (config.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
            throw new IllegalArgumentException("--kafka-config sets sasl.jaas.config, and --kafka-user gives a login too: keep one");
        }
        config.putIfAbsent(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.putIfAbsent(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, ScramLogin.jaasConfig(kafkaUser, SecretFile.read(kafkaPasswordFile, "--kafka-password-file")));
    }

}
