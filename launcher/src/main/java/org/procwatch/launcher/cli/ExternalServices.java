package org.procwatch.launcher.cli;

import java.util.Map;
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

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Settings every Kafka client of the stage starts from. */
    public Map<String, Object> kafkaClient() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    public SchemaRegistryClient schemaRegistry() {
        return new RestSchemaRegistryClient(schemaRegistryUrl);
    }
}
