package org.procwatch.launcher.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.launcher.config.ConfigOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The Kafka and schema registry a stage runs against when it runs alone (a picocli mixin). */
public final class ExternalServices {

    @Mixin
    ConfigOption config;

    @Option(names = "--bootstrap-servers", required = true,
            description = "Kafka's bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", required = true,
            description = "The Confluent-API base URL of the schema registry.")
    String schemaRegistryUrl;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.* ...) for every client of the app, as Kafka's own "
                    + "tools take them with --command-config.")
    Path kafkaConfig;

    /** {@link #kafkaClient()} once read: every client of the stage starts from the same settings. */
    private Map<String, Object> kafkaClient;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Settings every Kafka client of the stage starts from: the bootstrap servers and the properties of
     * {@code --kafka-config}.
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
        config.put("bootstrap.servers", bootstrapServers);
        return Map.copyOf(config);
    }

    public SchemaRegistryClient schemaRegistry() {
        return new RestSchemaRegistryClient(schemaRegistryUrl);
    }
}
