package org.procwatch.launcher.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompileCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();

    private int compile(String... args) {
        CommandLine commandLine = new CommandLine(new CompileCommand(out));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private List<JsonNode> compiled() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void shouldWriteNumbersAsPublishedAndKeepAnObjectWhoseFieldsWereAllNulled() throws IOException {
        Files.writeString(dir.resolve("releases.jsonl"), """
                {"ocid": "ocds-1", "id": "1", "date": "2024-01-01", "tender": {"id": "t", "value": {"amount": 13452.0, "currency": "GBP"}, "minValue": {"amount": 1200000000000.0}}, "buyer": {"name": "Oakfield School"}}
                {"ocid": "ocds-1", "id": "2", "date": "2024-02-01", "buyer": {"name": null}}
                """);

        assertThat(compile(dir.resolve("releases.jsonl").toString())).isZero();

        String line = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).contains("\"amount\":13452.0", "\"amount\":1200000000000.0").doesNotContain("13452,", "1.2E");
        assertThat(compiled().getFirst().get("buyer")).as("as the reference keeps it").isEqualTo(JSON.createObjectNode());
    }

    @Test
    void shouldWriteVersionedReleasesAsTheReferenceDoes() throws IOException {
        // The reference's own fixture (ocds-merge-fixtures/1.1/simple.json) and what it makes of it.
        Path fixtures = Path.of("..", "enrich", "src", "test", "resources", "ocds-merge-fixtures", "1.1");
        Path releases = dir.resolve("simple.jsonl");
        StringBuilder lines = new StringBuilder();
        JSON.readTree(fixtures.resolve("simple.json").toFile()).forEach(release -> lines.append(release).append('\n'));
        Files.writeString(releases, lines);

        assertThat(compile("--versioned", releases.toString())).isZero();

        assertThat(compiled()).singleElement().isEqualTo(JSON.readTree(fixtures.resolve("simple-versioned.json").toFile()));
    }

    @Test
    void shouldLeaveOutAReleaseThatWouldLeaveNoCompiledReleaseSayingWhyAndCompileTheRest() throws IOException {
        Files.writeString(dir.resolve("releases.jsonl"), """
                {"ocid": "ocds-1", "id": "1", "date": "2024-01-01", "tender": {"id": "t", "status": "active"}}
                {"ocid": "ocds-1", "id": "2", "date": "2024-01-02", "tender": {"status": {"code": "x"}}}
                {"ocid": "ocds-1", "id": "3", "date": "2024-01-03", "tender": {"title": "CCTV"}}
                """);

        assertThat(compile(dir.resolve("releases.jsonl").toString())).as("a problem was reported").isEqualTo(1);

        assertThat(err.toString()).contains("ocds-1", "release 2", "the string \"active\" for tender.status", "'code' field");
        JsonNode compiled = compiled().getFirst();
        assertThat(compiled.get("tender")).isEqualTo(JSON.readTree("{\"id\": \"t\", \"status\": \"active\", \"title\": \"CCTV\"}"));
        assertThat(compiled.get("date").asText()).as("the release left out does not count").isEqualTo("2024-01-03");
    }

    @Test
    void shouldWriteARecordPackageAsOcdskitDoesWithLinkedOrWholeReleases() throws IOException {
        Files.writeString(dir.resolve("a.json"), """
                {"uri": "https://example.org/packages/a.json", "version": "1.1", "publishedDate": "2024-03-01T00:00:00Z",
                 "publisher": {"name": "Example Council"}, "license": "https://creativecommons.org/licenses/by/4.0/",
                 "extensions": ["https://example.org/ext/extension.json"],
                 "releases": [
                  {"ocid": "ocds-2", "id": "2-1", "date": "2024-01-01", "tag": ["tender"], "tender": {"id": "t", "title": "Locks"}},
                  {"ocid": "ocds-1", "id": "1-1", "date": "2024-01-01", "tag": ["tender"], "tender": {"id": "t", "title": "CCTV"}}]}
                """);
        Files.writeString(dir.resolve("b.jsonl"), """
                {"ocid": "ocds-1", "id": "1-2", "date": "2024-02-01", "tag": ["award"], "awards": [{"id": "a", "title": "Award"}]}
                """);

        assertThat(compile("--package", "--linked-releases", "--versioned", "--package-uri", "https://example.org/records.json",
                dir.resolve("a.json").toString(), dir.resolve("b.jsonl").toString())).isZero();

        JsonNode written = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(written.get("uri").asText()).isEqualTo("https://example.org/records.json");
        assertThat(written.get("version").asText()).isEqualTo("1.1");
        assertThat(written.get("publisher")).isEqualTo(JSON.readTree("{\"name\": \"Example Council\"}"));
        assertThat(written.get("license").asText()).startsWith("https://creativecommons.org/");
        assertThat(written.has("publicationPolicy")).as("left out, as no package had one").isFalse();
        assertThat(written.get("extensions")).extracting(JsonNode::asText).containsExactly("https://example.org/ext/extension.json");
        assertThat(written.get("packages")).extracting(JsonNode::asText).containsExactly("https://example.org/packages/a.json");
        JsonNode records = written.get("records");
        assertThat(records).extracting(record -> record.get("ocid").asText()).as("by ocid").containsExactly("ocds-1", "ocds-2");
        JsonNode first = records.get(0);
        assertThat(first.get("releases").get(0)).as("from a package with a uri: linked").isEqualTo(JSON.readTree(
                "{\"url\": \"https://example.org/packages/a.json#1-1\", \"date\": \"2024-01-01\", \"tag\": [\"tender\"]}"));
        assertThat(first.get("releases").get(1).get("awards")).as("a bare release: whole").isNotNull();
        assertThat(first.at("/compiledRelease/tender/title").asText()).isEqualTo("CCTV");
        assertThat(first.at("/compiledRelease/awards/0/title").asText()).isEqualTo("Award");
        assertThat(first.at("/versionedRelease/tender/title/0/releaseID").asText()).isEqualTo("1-1");

        out.reset();
        assertThat(compile("--package", dir.resolve("a.json").toString())).isZero();
        JsonNode whole = JSON.readTree(out.toString(StandardCharsets.UTF_8)).get("records").get(0);
        assertThat(whole.get("releases").get(0).get("tender")).as("releases whole by default").isNotNull();
        assertThat(whole.has("versionedRelease")).isFalse();
    }

    @Test
    void shouldWriteTheSameOnFourThreadsAsOnOneInEveryMode() throws IOException {
        // Many processes of unequal sizes, so that threads finish out of turn; warnings and a problem among them.
        StringBuilder lines = new StringBuilder();
        for (int process = 0; process < 400; process++) {
            for (int release = 0; release < 1 + process % 5; release++) {
                lines.append("""
                        {"ocid": "ocds-%d", "id": "%d", "date": "2024-01-0%d", "tender": {"id": "t", "title": "Lot %d-%d",
                         "items": [{"id": "1", "quantity": %d}, {"id": "1", "quantity": 2.50}]}}
                        """.formatted(process, release, release + 1, process, release, release).replace("\n ", " "));
            }
        }
        lines.append("{\"ocid\": \"ocds-7\", \"id\": \"x\", \"date\": \"2024-02-01\", \"tender\": {\"id\": {\"a\": 1}}}\n");
        Files.writeString(dir.resolve("releases.jsonl"), lines);
        String input = dir.resolve("releases.jsonl").toString();

        for (List<String> mode : List.of(List.<String>of(), List.of("--versioned"), List.of("--package", "--versioned"))) {
            List<String> outputs = new ArrayList<>();
            for (String threads : List.of("1", "4")) {
                out.reset();
                err.getBuffer().setLength(0);
                List<String> args = new ArrayList<>(mode);
                args.addAll(List.of("--threads", threads, input));
                assertThat(compile(args.toArray(String[]::new))).as("the type change in ocds-7 is a problem").isEqualTo(1);
                outputs.add(out.toString(StandardCharsets.UTF_8) + "\n--- stderr, less progress ---\n" + err.toString().lines()
                        .filter(line -> line.startsWith("procwatch compile: ocds")).reduce("", (a, b) -> a + b + "\n"));
            }
            assertThat(outputs.get(1)).as("mode %s", mode).isEqualTo(outputs.get(0));
            assertThat(outputs.get(0)).contains("duplicate id", "ocds-399");
        }
    }

    @Test
    void shouldCompileOneReleasePerOcidFromEveryPackagingInAFolder() throws IOException {
        Files.writeString(dir.resolve("a-package.json"), """
                {"version": "1.1", "releases": [
                  {"ocid": "ocds-1", "id": "1", "date": "2024-01-01", "tag": ["tender"], "tender": {"id": "t", "title": "CCTV"}},
                  {"ocid": "ocds-2", "id": "1", "date": "2024-01-01", "tag": ["tender"], "tender": {"id": "t", "title": "Locks"}}]}
                """);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(Files.createDirectories(dir.resolve("more")).resolve("b.jsonl.gz")))) {
            gz.write("""
                    {"ocid": "ocds-1", "id": "2", "date": "2024-02-01", "tag": ["award"], "awards": [{"id": "a", "title": "Award"}]}
                    {"ocid": "ocds-1", "id": "0", "date": "2023-12-01", "tag": ["planning"], "tender": {"id": "t", "title": "Old title", "status": "planned"}}
                    """.getBytes());
        }

        assertThat(compile(dir.toString())).isZero();

        List<JsonNode> compiled = compiled();
        assertThat(compiled).extracting(release -> release.get("ocid").asText()).containsExactly("ocds-1", "ocds-2");
        JsonNode first = compiled.getFirst();
        assertThat(first.get("id").asText()).isEqualTo("ocds-1-2024-02-01");
        assertThat(first.at("/tender/title").asText()).as("the older release arrived last but does not win").isEqualTo("CCTV");
        assertThat(first.at("/tender/status").asText()).isEqualTo("planned");
        assertThat(first.at("/awards/0/title").asText()).isEqualTo("Award");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldReportBadInputOnStandardErrorCompileTheRestAndExitWith1() throws IOException {
        Files.writeString(dir.resolve("mixed.jsonl"), """
                {"ocid": "ocds-1", "id": "1", "date": "2024-01-01", "title": "ok"}
                {"ocid": "ocds-1", "id": "2"
                {"ocid": "ocds-1", "id": "3", "title": "no date"}
                """);

        assertThat(compile(dir.resolve("mixed.jsonl").toString())).isEqualTo(1);

        assertThat(compiled()).singleElement().satisfies(release -> assertThat(release.get("title").asText()).isEqualTo("ok"));
        assertThat(err.toString().lines()).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("mixed.jsonl line 2").contains("not valid JSON"))
                .anySatisfy(line -> assertThat(line).contains("ocds-1").contains("no date"));

        out.reset();
        err.getBuffer().setLength(0);
        assertThat(compile("--package", dir.resolve("mixed.jsonl").toString())).isEqualTo(1);
        JsonNode record = JSON.readTree(out.toString(StandardCharsets.UTF_8)).get("records").get(0);
        assertThat(record.get("releases")).as("the line that is not JSON is in no record").hasSize(2);
        assertThat(record.at("/compiledRelease/title").asText()).isEqualTo("ok");
        assertThat(err.toString().lines()).hasSize(2);
    }

    @Test
    void shouldMergeAReleaseRepeatingAnIdAndDateWithOtherContentAndWarnOfIt() throws IOException {
        Files.writeString(dir.resolve("repeats.jsonl"), """
                {"ocid": "ocds-1", "id": "1", "date": "2024-01-01", "title": "first", "description": "kept"}
                {"ocid": "ocds-1", "id": "1", "date": "2024-01-01", "title": "first", "description": "kept"}
                {"ocid": "ocds-1", "id": "1", "date": "2024-01-01", "title": "second"}
                """);

        assertThat(compile(dir.resolve("repeats.jsonl").toString())).isZero();

        assertThat(compiled()).singleElement().satisfies(release -> {
            assertThat(release.get("title").asText()).isEqualTo("second");
            assertThat(release.get("description").asText()).isEqualTo("kept");
        });
        assertThat(err.toString().lines()).as("the same content again is no news").singleElement().asString()
                .contains("ocds-1", "release 1 dated 2024-01-01", "other content");
    }

    @Test
    void shouldCompileAProcessWhoseReleasesAreNotTogetherFromAllOfThemInThePlaceItFirstAppeared() throws IOException {
        Files.writeString(dir.resolve("interleaved.jsonl"), """
                {"ocid": "ocds-a", "id": "1", "date": "2024-01-01", "title": "first", "description": "kept"}
                {"ocid": "ocds-b", "id": "1", "date": "2024-01-01", "title": "only"}
                {"ocid": "ocds-a", "id": "2", "date": "2024-02-01", "title": "second", "items": [{"id": "1"}, {"id": "1"}]}
                {"ocid": "ocds-c", "id": "1", "date": "2024-01-01", "title": "last"}
                """);

        assertThat(compile(dir.resolve("interleaved.jsonl").toString())).isZero();

        assertThat(compiled()).extracting(release -> release.get("ocid").asText()).containsExactly("ocds-a", "ocds-b", "ocds-c");
        JsonNode first = compiled().getFirst();
        assertThat(first.get("title").asText()).isEqualTo("second");
        assertThat(first.get("description").asText()).as("from the run before ocds-b").isEqualTo("kept");
        assertThat(err.toString().lines()).as("the second run's warning, once: not again for the whole").singleElement().asString()
                .contains("ocds-a", "duplicate id");
    }

    @Test
    void shouldExitWith2ForAPathThatDoesNotExist() {
        assertThat(compile(dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file or folder").contains("missing.json");
    }
}
