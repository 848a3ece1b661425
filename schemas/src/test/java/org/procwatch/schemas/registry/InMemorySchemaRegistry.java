package org.procwatch.schemas.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.procwatch.schemas.evolution.SchemaEvolution;

/**
 * A schema registry in memory for unit tests, with the real thing's rules: one global id per distinct
 * schema, versions per subject, and the BACKWARD compatibility rule on register.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private final Map<Integer, Schema> schemasById = new LinkedHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        for (int id : versions) {
            if (schemasById.get(id).equals(schema)) {
                return id;
            }
        }
        if (!versions.isEmpty()) {
            Schema latest = schemasById.get(versions.getLast());
            List<String> problems = SchemaEvolution.backwardIncompatibilities(schema, latest);
            if (!problems.isEmpty()) {
                throw new IncompatibleSchemaException(subject, problems, null);
            }
        }
        int id = globalIdOf(schema);
        versions.add(id);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        for (int id : versionsBySubject.getOrDefault(subject, List.of())) {
            if (schemasById.get(id).equals(schema)) {
                return id;
            }
        }
        throw new SchemaRegistryException("Schema not found under subject '" + subject + "'", 404);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("No schema with id " + id, 404);
        }
        return schema;
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (versions.isEmpty()) {
            return CompatibilityResult.ok();
        }
        List<String> problems = SchemaEvolution.backwardIncompatibilities(schema, schemasById.get(versions.getLast()));
        return new CompatibilityResult(problems.isEmpty(), problems);
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    /** The schema registered last under the subject. */
    public synchronized Schema latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found", 404);
        }
        return schemasById.get(versions.getLast());
    }

    private int globalIdOf(Schema schema) {
        for (var entry : schemasById.entrySet()) {
            if (entry.getValue().equals(schema)) {
                return entry.getKey();
            }
        }
        int id = schemasById.size() + 1;
        schemasById.put(id, schema);
        return id;
    }
}
