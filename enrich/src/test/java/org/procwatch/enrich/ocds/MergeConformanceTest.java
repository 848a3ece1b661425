package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.procwatch.schemas.json.ExactNumbers;

/**
 * Conformance with the reference OCDS merge implementation: every fixture pair of its own test suite, copied into
 * this module's test resources ({@code ocds-merge-fixtures}, with its licence and source), and the held-out cases
 * of {@code ocds-merge-heldout} (inputs of ours, outputs of the reference), an array of releases and the compiled
 * and/or versioned release the reference produces from it, must come out with the same values, number literals
 * included ({@code 13452.0} is not {@code 13452}); only the order of an object's fields may differ.
 */
class MergeConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Releases read as procwatch reads a publisher's: numbers exactly as written. */
    private static final ObjectMapper INPUT = ExactNumbers.exact(JsonMapper.builder()).build();
    /** Reads a number as written: a decimal keeps its digits and scale, an integer stays an integer. */
    private static final ObjectMapper LITERAL = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    @TestFactory
    Stream<DynamicTest> compiledAndVersionedReleasesEqualTheReferenceFixtures() throws IOException {
        Path fixtures = Path.of("src", "test", "resources", "ocds-merge-fixtures");
        MergeRules fixtureSchema = MergeRules.fromSchema(JSON.readTree(fixtures.resolve("schema.json").toFile()));
        List<DynamicTest> tests = new ArrayList<>();
        tests.addAll(pairs(fixtures.resolve("1.0"), MergeRules.forVersion("1.0")));
        tests.addAll(pairs(fixtures.resolve("1.1"), MergeRules.forVersion("1.1")));
        tests.addAll(pairs(fixtures.resolve("schema"), fixtureSchema));
        assertThat(tests).as("fixture pairs found").hasSizeGreaterThan(40);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> heldOutCasesEqualTheReference() throws IOException {
        List<DynamicTest> tests = pairs(Path.of("src", "test", "resources", "ocds-merge-heldout"), MergeRules.forVersion("1.1"));
        assertThat(tests).as("held-out cases found").hasSizeGreaterThan(3);
        return tests.stream();
    }

    /**
     * The standard's own worked and merging examples (OCDS 1.1 documentation, {@code ocds-standard-examples}): each
     * record with embedded releases gives its {@code compiledRelease} and, where it has one, its
     * {@code versionedRelease}; a record whose releases are only linked has nothing to merge. Two examples state a
     * compiled release that does not follow from their own releases (a text edited in one and not the other, a
     * party left out); the reference makes the same as procwatch of them, and what it makes is kept beside them
     * ({@code NAME.reference-compiled.json}, {@code NAME.reference-versioned.json}) and compared instead.
     */
    @TestFactory
    Stream<DynamicTest> theStandardsExampleRecordsEqualTheirCompiledAndVersionedReleases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Path examples = Path.of("src", "test", "resources", "ocds-standard-examples");
        try (Stream<Path> files = Files.list(examples)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json") && !path.toString().contains(".reference-")).sorted()
                    .toList()) {
                JsonNode records = INPUT.readTree(file.toFile()).path("records");
                for (int i = 0; i < records.size(); i++) {
                    JsonNode record = records.get(i);
                    if (!record.path("releases").path(0).has("tag") || !record.path("releases").path(0).has("ocid")) {
                        continue; // linked releases: a url and a date, nothing to merge
                    }
                    String name = file.getFileName() + " record " + i;
                    MergeRules rules = MergeRules.forVersion("1.1");
                    JsonNode compiled = stated(file, "compiled", record.path("compiledRelease"));
                    byte[] releases = JSON.writeValueAsBytes(record.path("releases"));
                    tests.add(DynamicTest.dynamicTest(name + " compiled",
                            () -> assertSameValues(merge(releases, rules, Order.AS_GIVEN).compiledRelease(), compiled)));
                    if (record.has("versionedRelease")) {
                        JsonNode versioned = stated(file, "versioned", record.path("versionedRelease"));
                        tests.add(DynamicTest.dynamicTest(name + " versioned",
                                () -> assertSameValues(merge(releases, rules, Order.AS_GIVEN).versionedRelease(), versioned)));
                    }
                }
            }
        }
        assertThat(tests).as("example records found").hasSizeGreaterThan(10);
        return tests.stream();
    }

    /** What the record states, or the reference's release where the record's does not follow from its releases. */
    private static JsonNode stated(Path file, String kind, JsonNode inRecord) throws IOException {
        String name = file.getFileName().toString();
        Path reference = file.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".reference-" + kind + ".json");
        return Files.exists(reference) ? INPUT.readTree(reference.toFile()) : inRecord;
    }

    private static void assertSameValues(byte[] actual, JsonNode expected) throws IOException {
        assertThat(canonical(LITERAL.readTree(actual))).isEqualTo(canonical(LITERAL.readTree(expected.toString())));
    }

    /** The same values, numbers as written, whatever the order of each object's fields. */
    private static void assertSameValues(byte[] actual, Path expected) throws IOException {
        assertThat(canonical(LITERAL.readTree(actual))).isEqualTo(canonical(LITERAL.readTree(expected.toFile())));
    }

    /** The value as text with every object's fields in name order. */
    private static String canonical(JsonNode value) {
        if (value.isObject()) {
            StringBuilder text = new StringBuilder("{");
            new java.util.TreeMap<>(JSON.convertValue(value, java.util.Map.class)).keySet().forEach(name -> text.append(text.length() > 1 ? "," : "")
                    .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(String.valueOf(name))).append(':')
                    .append(canonical(value.get(String.valueOf(name)))));
            return text.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder text = new StringBuilder("[");
            value.forEach(item -> text.append(text.length() > 1 ? "," : "").append(canonical(item)));
            return text.append(']').toString();
        }
        return value.toString();
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
                if (!Files.exists(compiled) && !Files.exists(versioned)) {
                    continue;
                }
                String test = folder.getFileName() + "/" + base;
                byte[] releases = Files.readAllBytes(input);
                List<Order> orders = new ArrayList<>(List.of(Order.AS_GIVEN, Order.THROUGH_THE_STORE));
                if (datesStrictlyIncrease(input)) {
                    orders.add(Order.REVERSED);
                }
                for (Order order : orders) {
                    if (Files.exists(compiled)) {
                        tests.add(DynamicTest.dynamicTest(test + " compiled" + order.description,
                                () -> assertSameValues(merge(releases, rules, order).compiledRelease(), compiled)));
                    }
                    if (Files.exists(versioned)) {
                        tests.add(DynamicTest.dynamicTest(test + " versioned" + order.description,
                                () -> assertSameValues(merge(releases, rules, order).versionedRelease(), versioned)));
                    }
                }
            }
        }
        return tests;
    }

    /** Where dates tie, arrival order decides, so only fixtures with distinct dates can be merged out of order. */
    private static boolean datesStrictlyIncrease(Path input) throws IOException {
        JsonNode releases = INPUT.readTree(input.toFile());
        for (int i = 1; i < releases.size(); i++) {
            if (releases.get(i).path("date").asText().compareTo(releases.get(i - 1).path("date").asText()) <= 0) {
                return false;
            }
        }
        return releases.size() > 1;
    }

    /** How a case's releases are merged: each way must give the reference's releases. */
    private enum Order {
        AS_GIVEN(""),
        /** As enrich merges: each release into the process read back from the bytes stored after the one before. */
        THROUGH_THE_STORE(", stored and read back after every release"),
        REVERSED(", releases in reverse order");

        final String description;

        Order(String description) {
            this.description = description;
        }
    }

    /** The releases of a JSON array merged from the bytes that spell each, as {@code compile} reads a publisher's file. */
    private static ProcessTree merge(byte[] array, MergeRules rules, Order order) throws IOException {
        List<int[]> slices = new ArrayList<>();
        String ocid = null;
        try (JsonParser parser = JSON.getFactory().createParser(array)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                if (ocid == null) {
                    ocid = INPUT.<JsonNode>readTree(parser).get("ocid").asText();
                } else {
                    parser.skipChildren();
                }
                slices.add(new int[] {start, (int) parser.currentTokenLocation().getByteOffset() + 1 - start});
            }
        }
        ProcessTree process = new ProcessTree(ocid, rules, true);
        for (int[] slice : order == Order.REVERSED ? slices.reversed() : slices) {
            if (order == Order.THROUGH_THE_STORE) {
                process = ProcessTreeCodec.decode(ProcessTreeCodec.encode(process), rules);
            }
            process.merge(array, slice[0], slice[1], () -> "digest of " + slice[0]);
        }
        return order == Order.THROUGH_THE_STORE ? ProcessTreeCodec.decode(ProcessTreeCodec.encode(process), rules) : process;
    }
}
