package org.procwatch.launcher.cli;

import java.util.Map;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import picocli.CommandLine.Option;

/** The Kafka and schema registry a stage runs against when it runs alone (a picocli mixin). */
public final class ExternalServices {

    @Option(names = "--bootstrap-servers", defaultValue = "${env:PROCWATCH_BOOTSTRAP_SERVERS}", required = true,
            description = "Kafka's bootstrap servers (or PROCWATCH_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", defaultValue = "${env:PROCWATCH_SCHEMA_REGISTRY_URL}", required = true,
            description = "The Confluent-API base URL of the schema registry (or PROCWATCH_SCHEMA_REGISTRY_URL).")
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
