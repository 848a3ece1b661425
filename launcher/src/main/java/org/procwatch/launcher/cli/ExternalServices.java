package org.procwatch.launcher.cli;

import java.util.Map;
import org.procwatch.launcher.config.ConfigOption;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The Kafka and schema registry a stage runs against when it runs alone (a picocli mixin). */
public final class ExternalServices {

    @Mixin
    ConfigOption config;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--schema-registry-url", required = true,
            description = "The Confluent-API base URL of the schema registry.")
    String schemaRegistryUrl;

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Settings every Kafka client of the stage starts from ({@link KafkaConnection#kafkaClient()}). */
    public Map<String, Object> kafkaClient() {
        return kafka.kafkaClient();
    }

    public SchemaRegistryClient schemaRegistry() {
        return new RestSchemaRegistryClient(schemaRegistryUrl);
    }
}
