package org.procwatch.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that procwatch uses. Implemented over REST for real
 * registries (Confluent, Apicurio's ccompat API, Karapace, Redpanda) and in memory for unit tests.
 */
public interface SchemaRegistryClient {

    /**
     * Registers the schema under the subject, or finds it there, and returns its global id.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility rule rejects the schema
     * @throws SchemaRegistryUnavailableException when the registry cannot be reached after retries
     */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject, without registering it. */
    int idOf(String subject, Schema schema);

    /** The schema with the given global id. */
    Schema schemaById(int id);

    /** Whether the schema could be registered under the subject now, with the registry's reasons if not. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** Every subject the registry holds. */
    List<String> subjects();
}
