package org.procwatch.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;

/**
 * The build guard on schema evolution: every topic's current value schema must read data written with
 * each of its released versions (BACKWARD), the rule the registry enforces at run time. Released versions
 * live in {@code schemas/released/<subject>/v<N>.avsc}; see the module README for how to release one.
 */
class ReleasedSchemasTest {

    /** Surefire runs tests in the module's folder. */
    private static final Path RELEASED = Path.of("released");

    @TestFactory
    Stream<DynamicTest> currentSchemaIsBackwardCompatibleWithEveryReleasedVersion() {
        return Topics.all().stream().map(topic -> DynamicTest.dynamicTest(topic.valueSubject(), () -> {
            List<Path> versions = releasedVersions(topic);
            assertThat(versions)
                    .as("%s has no released version; release it (see schemas/README.md)", topic.valueSubject())
                    .isNotEmpty();
            Schema current = topic.valueSchema().orElseThrow();
            for (Path version : versions) {
                Schema released = new Schema.Parser().parse(version.toFile());
                assertThat(SchemaEvolution.backwardIncompatibilities(current, released))
                        .as("current %s against released %s", topic.valueSubject(), version.getFileName())
                        .isEmpty();
            }
        }));
    }

    @Test
    void guardRejectsAFieldAddedWithoutADefault() {
        Schema released = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "string"}]}""");
        Schema current = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "int"}]}""");

        assertThat(SchemaEvolution.backwardIncompatibilities(current, released))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("b");
    }

    @Test
    void guardRejectsATypeChangeAndNamesWhere() {
        Schema released = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "string"}]}""");
        Schema current = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}""");

        assertThat(SchemaEvolution.backwardIncompatibilities(current, released))
                .singleElement().asString().contains("/fields/0/type").contains("TYPE_MISMATCH");
    }

    @Test
    void guardAcceptsAnOptionalFieldWithANullDefault() {
        Schema released = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "string"}]}""");
        Schema current = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "string"},
                  {"name": "b", "type": ["null", "string"], "default": null}]}""");

        assertThat(SchemaEvolution.backwardIncompatibilities(current, released)).isEmpty();
    }

    /** Writes each topic's current schema as its next released version; run only when releasing. */
    @Test
    @EnabledIfSystemProperty(named = "procwatch.release-schemas", matches = "true",
            disabledReason = "releases schemas only when asked: -Dprocwatch.release-schemas=true")
    void releaseCurrentSchemas() throws IOException {
        for (TopicDescriptor<?, ?> topic : Topics.all()) {
            Schema current = topic.valueSchema().orElseThrow();
            List<Path> versions = releasedVersions(topic);
            if (!versions.isEmpty() && new Schema.Parser().parse(versions.getLast().toFile()).equals(current)) {
                continue;
            }
            Path next = RELEASED.resolve(topic.valueSubject()).resolve("v" + (versions.size() + 1) + ".avsc");
            Files.createDirectories(next.getParent());
            Files.writeString(next, SchemaFormatter.format("json/pretty", current) + "\n");
        }
    }

    private static List<Path> releasedVersions(TopicDescriptor<?, ?> topic) throws IOException {
        Path folder = RELEASED.resolve(topic.valueSubject());
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> versions = new ArrayList<>(files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc")).toList());
            versions.sort(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))));
            return versions;
        }
    }
}
