package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance with the reference OCDS merge implementation: every fixture pair in the workspace's
 * {@code shared/data/ocds-merge-fixtures} (an array of releases, and the compiled and/or versioned release
 * the reference produces from it) must come out equal. Skips, saying so, when that folder is absent.
 */
class MergeConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> compiledAndVersionedReleasesEqualTheReferenceFixtures() throws IOException {
        Path fixtures = Path.of(System.getProperty("procwatch.shared.dir", "../../shared"), "data", "ocds-merge-fixtures");
        if (!Files.isDirectory(fixtures)) {
            // A dynamic test that aborts shows in the report as skipped, with the reason.
            return Stream.of(DynamicTest.dynamicTest("reference fixtures", () -> Assumptions.abort(
                    "the reference merge fixtures are not at " + fixtures.toAbsolutePath() + " (../shared is absent)")));
        }
        MergeRules fixtureSchema = MergeRules.fromSchema(JSON.readTree(fixtures.resolve("schema.json").toFile()));
        List<DynamicTest> tests = new ArrayList<>();
        tests.addAll(pairs(fixtures.resolve("1.0"), MergeRules.forVersion("1.0")));
        tests.addAll(pairs(fixtures.resolve("1.1"), MergeRules.forVersion("1.1")));
        tests.addAll(pairs(fixtures.resolve("schema"), fixtureSchema));
        assertThat(tests).as("fixture pairs found").hasSizeGreaterThan(40);
        return tests.stream();
    }

    private static List<DynamicTest> pairs(Path folder, MergeRules rules) throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path input : files.sorted().toList()) {
                String name = input.getFileName().toString();
                if (!name.endsWith(".json") || name.endsWith("-compiled.json") || name.endsWith("-versioned.json")) {
                    continue;
                }
                String base = name.substring(0, name.length() - ".json".length());
                Path compiled = folder.resolve(base + "-compiled.json");
                Path versioned = folder.resolve(base + "-versioned.json");
                if (Files.exists(compiled)) {
                    tests.add(DynamicTest.dynamicTest(folder.getFileName() + "/" + base + " compiled",
                            () -> assertThat(merge(input, rules).compiledRelease()).isEqualTo(JSON.readTree(compiled.toFile()))));
                    tests.add(DynamicTest.dynamicTest(folder.getFileName() + "/" + base + " compiled, stored and read back after every release",
                            () -> assertThat(mergeThroughStore(input, rules).compiledRelease()).isEqualTo(JSON.readTree(compiled.toFile()))));
                    if (datesStrictlyIncrease(input)) {
                        tests.add(DynamicTest.dynamicTest(folder.getFileName() + "/" + base + " compiled from releases in reverse order",
                                () -> assertThat(mergeReversed(input, rules).compiledRelease()).isEqualTo(JSON.readTree(compiled.toFile()))));
                    }
                }
                if (Files.exists(versioned)) {
                    tests.add(DynamicTest.dynamicTest(folder.getFileName() + "/" + base + " versioned",
                            () -> assertThat(merge(input, rules).versionedRelease()).isEqualTo(JSON.readTree(versioned.toFile()))));
                    tests.add(DynamicTest.dynamicTest(folder.getFileName() + "/" + base + " versioned, stored and read back after every release",
                            () -> assertThat(mergeThroughStore(input, rules).versionedRelease()).isEqualTo(JSON.readTree(versioned.toFile()))));
                }
            }
        }
        return tests;
    }

    /** Where dates tie, arrival order decides, so only fixtures with distinct dates can be merged out of order. */
    private static boolean datesStrictlyIncrease(Path input) throws IOException {
        JsonNode releases = JSON.readTree(input.toFile());
        for (int i = 1; i < releases.size(); i++) {
            if (releases.get(i).path("date").asText().compareTo(releases.get(i - 1).path("date").asText()) <= 0) {
                return false;
            }
        }
        return releases.size() > 1;
    }

    private static CompiledProcess mergeReversed(Path input, MergeRules rules) throws IOException {
        List<JsonNode> releases = new ArrayList<>();
        JSON.readTree(input.toFile()).forEach(releases::add);
        CompiledProcess process = new CompiledProcess(releases.getFirst().get("ocid").asText(), rules, false);
        releases.reversed().forEach(process::merge);
        return process;
    }

    /** As enrich merges: each release into the state read back from the bytes stored after the one before. */
    private static CompiledProcess mergeThroughStore(Path input, MergeRules rules) throws IOException {
        JsonNode releases = JSON.readTree(input.toFile());
        byte[] stored = CompiledProcessCodec.encode(new CompiledProcess(releases.get(0).get("ocid").asText(), rules, true));
        for (JsonNode release : releases) {
            CompiledProcess process = CompiledProcessCodec.decode(stored, rules);
            process.merge(release);
            stored = CompiledProcessCodec.encode(process);
        }
        return CompiledProcessCodec.decode(stored, rules);
    }

    private static CompiledProcess merge(Path input, MergeRules rules) throws IOException {
        JsonNode releases = JSON.readTree(input.toFile());
        CompiledProcess process = new CompiledProcess(releases.get(0).get("ocid").asText(), rules, true);
        releases.forEach(process::merge);
        return process;
    }
}
