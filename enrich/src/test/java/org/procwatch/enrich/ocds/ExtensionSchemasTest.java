package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtensionSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXTENSION = "https://extensions.example.org/ocds_camera_extension/v1.0/extension.json";

    @TempDir
    Path mirror;

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void shouldHoldABoundedNumberOfTheUrlsReleasesName() {
        ExtensionSchemas schemas = ExtensionSchemas.in(mirror);

        for (int i = 0; i < 20_000; i++) {
            assertThat(schemas.releaseSchemaPatch("https://extensions.example.org/made-up-" + i + "/extension.json")).isEmpty();
        }

        assertThat(schemas.cached()).isLessThanOrEqualTo(ExtensionSchemas.MAX_CACHED);
    }

    @Test
    void shouldMergeAnArrayTheWayADeclaredExtensionSays() throws Exception {
        Path schema = mirror.resolve("extensions.example.org/ocds_camera_extension/v1.0/release-schema.json");
        Files.createDirectories(schema.getParent());
        Files.writeString(schema, """
                {"properties": {"cameras": {"type": "array", "wholeListMerge": true,
                  "items": {"type": "object", "properties": {"id": {"type": "string"}, "model": {"type": "string"}}}}}}
                """);
        List<String> releases = List.of(
                "{'ocid': 'o', 'id': '1', 'date': '2024-01-01', 'cameras': [{'id': 'a', 'model': 'x'}, {'id': 'b'}]}",
                "{'ocid': 'o', 'id': '2', 'date': '2024-02-01', 'cameras': [{'id': 'c'}]}");

        ProcessTree withExtension = ProcessTrees.merged(new ProcessTree("o",
                MergeRules.forPackage("1.1", List.of(EXTENSION), ExtensionSchemas.in(mirror)), false), releases);
        ProcessTree without = ProcessTrees.merged(new ProcessTree("o",
                MergeRules.forPackage("1.1", List.of(EXTENSION), ExtensionSchemas.none()), false), releases);

        assertThat(ProcessTrees.compiled(withExtension).get("cameras")).isEqualTo(json("[{\"id\": \"c\"}]"));
        assertThat(ProcessTrees.compiled(without).get("cameras")).hasSize(3);
    }

    @Test
    void shouldIgnoreExtensionsItDoesNotHaveOrThatPointOutsideItsFolder() {
        ExtensionSchemas extensions = ExtensionSchemas.in(mirror);

        assertThat(extensions.releaseSchemaPatch("https://elsewhere.example.org/x/extension.json")).isEmpty();
        assertThat(extensions.releaseSchemaPatch("https://h/../../etc/extension.json")).isEmpty();
        assertThat(extensions.releaseSchemaPatch("not a url")).isEmpty();
    }
}
