package org.procwatch.ingest.ocds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.ingest.text.CappedInputStream;

class OcdsReaderTest {

    private static final String R1 = "{\"ocid\": \"ocds-b5fd17-1\", \"id\": \"1\", \"date\": \"2024-01-01\"}";
    private static final String R2 = "{\"ocid\": \"ocds-b5fd17-2\", \"id\": \"2\", \"date\": \"2024-01-02\"}";

    private final List<OcdsRelease> releases = new ArrayList<>();
    private final List<OcdsProblem> problems = new ArrayList<>();

    private void read(String document) throws IOException {
        read(document.getBytes(StandardCharsets.UTF_8));
    }

    private void read(byte[] document) throws IOException {
        new OcdsReader().read("test.json", () -> new ByteArrayInputStream(document), releases::add, problems::add);
    }

    private List<String> ocids() {
        return releases.stream().map(r -> r.release().get("ocid").asText()).toList();
    }

    @Test
    void shouldOfferEachLineOfJsonLinesToTheTakerAndReadOnlyWhatItLeaves(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path lines = java.nio.file.Files.writeString(dir.resolve("releases.jsonl"),
                R1 + "\n\n" + "{\"releases\": [" + R2 + "]}\n" + "not json\n");
        List<String> offered = new ArrayList<>();

        new OcdsReader().read(lines, (line, length, position) -> {
            String text = new String(line, 0, length, StandardCharsets.UTF_8);
            offered.add(position + ": " + text);
            return text.equals(R1);
        }, releases::add, problems::add);

        assertThat(offered).as("blank lines are not offered").containsExactly("line 1: " + R1, "line 3: {\"releases\": [" + R2 + "]}",
                "line 4: not json");
        assertThat(ocids()).as("what the taker left is read as always").containsExactly("ocds-b5fd17-2");
        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.position()).isEqualTo("line 4"));

        java.nio.file.Path document = java.nio.file.Files.writeString(dir.resolve("package.json"), "{\"releases\": [" + R1 + "]}");
        releases.clear();
        new OcdsReader().read(document, (line, length, position) -> {
            throw new AssertionError("a document that is not JSON Lines has no lines to offer");
        }, releases::add, problems::add);
        assertThat(ocids()).containsExactly("ocds-b5fd17-1");
    }

    @Test
    void shouldReportALineOverTheLimitAndReadTheLinesAfterIt() throws IOException {
        String huge = "{\"ocid\": \"ocds-huge\", \"id\": \"1\", \"date\": \"2024-01-01T00:00:00Z\", \"tag\": [\"tender\"], \"title\": \""
                + "x".repeat(5_000) + "\"}";
        byte[] document = (R1 + "\n" + huge + "\n" + R2 + "\n").getBytes(StandardCharsets.UTF_8);

        new OcdsReader(ReadLimits.DEFAULTS.withMaxLineBytes(2_000)).read("test.jsonl", () -> new ByteArrayInputStream(document), releases::add, problems::add);

        assertThat(ocids()).hasSize(2).doesNotContain("ocds-huge");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isEqualTo("line 2");
            assertThat(problem.reason()).contains(String.format("%,d bytes", huge.length()), "over the limit of 2,000");
        });
    }

    /** A release whose compact JSON is over 2,000 bytes. */
    private static final String HUGE = "{\"ocid\": \"ocds-huge\", \"id\": \"1\", \"parties\": ["
            + "{\"name\": \"Acme Surveillance Ltd\", \"roles\": [\"supplier\"]},".repeat(100) + "{}]}";

    private void readWithin2000ByteReleases(String document) throws IOException {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        new OcdsReader(ReadLimits.DEFAULTS.withMaxReleaseBytes(2_000)).read("test.json", () -> new ByteArrayInputStream(bytes),
                releases::add, problems::add);
    }

    @Test
    void shouldReadPastAReleaseOverTheLimitInEveryPackagingAndGoOnWithTheNext() throws IOException {
        readWithin2000ByteReleases("{\"version\": \"1.1\", \"releases\": [" + R1 + ", " + HUGE + ", " + R2 + "]}");
        readWithin2000ByteReleases("[" + HUGE + ", " + R1 + "]");
        readWithin2000ByteReleases("{\"records\": [{\"ocid\": \"ocds-huge\", \"releases\": [" + HUGE + ", " + R2 + "]}]}");
        readWithin2000ByteReleases(HUGE);
        readWithin2000ByteReleases(R1 + "\n" + HUGE + "\n{\"releases\": [" + HUGE + ", " + R2 + "]}\n");

        assertThat(ocids()).containsExactly("ocds-b5fd17-1", "ocds-b5fd17-2", "ocds-b5fd17-1", "ocds-b5fd17-2", "ocds-b5fd17-1",
                "ocds-b5fd17-2");
        assertThat(problems).extracting(OcdsProblem::position)
                .containsExactly("releases[1]", "[0]", "records[0].releases[0]", null, "line 2", "line 3 releases[0]");
        assertThat(problems).allSatisfy(problem -> {
            assertThat(problem.reason()).isEqualTo("release of ocds-huge is over the limit of 2,000 bytes (--max-release-size); read past, not kept");
            assertThat(problem.raw()).isNull();
        });
    }

    @Test
    void shouldStopAGzippedDocumentThatDecompressesPastTheLimit() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 30_000; i++) {
                gzip.write((R1 + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        OcdsReader reader = new OcdsReader(ReadLimits.DEFAULTS.withMaxDecompressedBytes(1_500_000));

        assertThatThrownBy(() -> reader.read("bomb.jsonl.gz", () -> new ByteArrayInputStream(bytes.toByteArray()), releases::add,
                problems::add))
                .isInstanceOf(CappedInputStream.InputTooLargeException.class)
                .hasMessage("it decompresses to more than 1,500,000 bytes, the limit (--max-decompressed-size)");
        assertThat(releases).as("the lines before the limit").hasSizeBetween(1_000_000 / R1.length(), 1_500_000 / R1.length());
    }

    @Test
    void shouldReadAReleasePackageWithItsMetadataEvenWhenItFollowsTheReleases() throws IOException {
        read("{\"uri\": \"x\", \"releases\": [" + R1 + "," + R2 + "], \"version\": \"1.1\","
                + " \"publisher\": {\"name\": \"Crown Commercial Service\"}, \"publishedDate\": \"2024-02-01T00:00:00Z\","
                + " \"extensions\": [\"https://example.org/lots/extension.json\"]}");

        assertThat(ocids()).containsExactly("ocds-b5fd17-1", "ocds-b5fd17-2");
        OcdsSource source = releases.getFirst().source();
        assertThat(source.packaged()).isTrue();
        assertThat(source.mergeVersion()).isEqualTo("1.1");
        assertThat(source.publisher()).isEqualTo("Crown Commercial Service");
        assertThat(source.publishedDate()).isEqualTo("2024-02-01T00:00:00Z");
        assertThat(source.extensions()).containsExactly("https://example.org/lots/extension.json");
        assertThat(releases.get(1).position()).isEqualTo("releases[1]");
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldTakeAPackageWithoutVersionAsOcds10() throws IOException {
        read("{\"releases\": [" + R1 + "]}");

        assertThat(releases.getFirst().source().mergeVersion()).isEqualTo("1.0");
    }

    @Test
    void shouldReadTheEmbeddedReleasesOfARecordPackageAndReportLinkedOnes() throws IOException {
        read("{\"version\": \"1.1\", \"records\": [{\"ocid\": \"ocds-b5fd17-1\", \"releases\": [" + R1 + ","
                + " {\"url\": \"https://example.org/r/3\", \"date\": \"2024-01-03\", \"tag\": [\"award\"]}]}]}");

        assertThat(ocids()).containsExactly("ocds-b5fd17-1");
        assertThat(releases.getFirst().position()).isEqualTo("records[0].releases[0]");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isEqualTo("records[0].releases[1]");
            assertThat(problem.reason()).contains("linked release").contains("https://example.org/r/3");
        });
    }

    @Test
    void shouldReadABareReleaseAsOcds11() throws IOException {
        read(R1);

        assertThat(ocids()).containsExactly("ocds-b5fd17-1");
        assertThat(releases.getFirst().source().packaged()).isFalse();
        assertThat(releases.getFirst().source().mergeVersion()).isEqualTo("1.1");
    }

    @Test
    void shouldReadAJsonArrayOfReleases() throws IOException {
        read("[\n" + R1 + ",\n" + R2 + "\n]");

        assertThat(ocids()).containsExactly("ocds-b5fd17-1", "ocds-b5fd17-2");
        assertThat(releases.get(1).position()).isEqualTo("[1]");
    }

    @Test
    void shouldReadJsonLinesOfReleasesAndPackagesAndGoOnAfterABadLine() throws IOException {
        read(R1 + "\n{\"ocid\": broken\n\n{\"version\": \"1.1\", \"releases\": [" + R2 + "]}\n42\n");

        assertThat(ocids()).containsExactly("ocds-b5fd17-1", "ocds-b5fd17-2");
        assertThat(releases.get(1).position()).isEqualTo("line 4 releases[0]");
        assertThat(releases.get(1).source().packaged()).isTrue();
        assertThat(problems).extracting(OcdsProblem::position).containsExactly("line 2", "line 5");
        assertThat(problems.getFirst().reason()).startsWith("not JSON");
        assertThat(problems.getFirst().raw()).isEqualTo("{\"ocid\": broken");
        assertThat(problems.get(1).reason()).contains("JSON object");
    }

    @Test
    void shouldReadGzippedDocuments() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(bytes)) {
            gzip.write((R1 + "\n" + R2 + "\n").getBytes(StandardCharsets.UTF_8));
        }

        read(bytes.toByteArray());

        assertThat(ocids()).containsExactly("ocds-b5fd17-1", "ocds-b5fd17-2");
    }

    @Test
    void shouldReadADocumentInLatin1() throws IOException {
        read("{\"ocid\": \"ocds-b5fd17-1\", \"id\": \"1\", \"tender\": {\"title\": \"Caméras de surveillance, £5k\"}}"
                .getBytes(java.nio.charset.Charset.forName("windows-1252")));

        assertThat(problems).isEmpty();
        assertThat(releases.getFirst().release().at("/tender/title").asText()).isEqualTo("Caméras de surveillance, £5k");
    }

    @Test
    void shouldKeepWhatCameBeforeATruncationAndSayWhereItBroke() throws IOException {
        read("{\"version\": \"1.1\",\n\"releases\": [\n" + R1 + ",\n" + R2 + ",\n{\"ocid\": \"ocds-b5fd17-3\", \"da");

        assertThat(ocids()).containsExactly("ocds-b5fd17-1", "ocds-b5fd17-2");
        assertThat(releases).as("the version was declared before the break")
                .allSatisfy(release -> assertThat(release.source().mergeVersion()).isEqualTo("1.1"));
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).startsWith("line 5");
            assertThat(problem.reason()).contains("breaks off");
        });
    }

    @Test
    void shouldReportReleasesWithoutOcidAndValuesThatAreNotObjects() throws IOException {
        read("{\"version\": \"1.1\", \"releases\": [{\"id\": \"1\", \"date\": \"2024-01-01\"}, \"text\", " + R1 + "]}");

        assertThat(ocids()).containsExactly("ocds-b5fd17-1");
        assertThat(problems).extracting(OcdsProblem::position).containsExactly("releases[0]", "releases[1]");
        assertThat(problems.getFirst().reason()).contains("ocid");
    }

    @Test
    void shouldRepairInvalidNumbersIntoValidJson() throws IOException {
        read("{\"version\": \"1.1\", \"releases\": [{\"ocid\": \"ocds-h6vhtk-1\", \"id\": \"1\", \"date\": \"2024-01-01\","
                + " \"tender\": {\"value\": {\"amount\": 1e9999}, \"minValue\": {\"amount\": 000}, \"lots\": 007}}]}");

        assertThat(problems).isEmpty();
        String written = releases.getFirst().release().toString();
        assertThat(written).doesNotContain("Infinity").contains("\"amount\":0").contains("\"lots\":7");
        assertThat(new ObjectMapper().readTree(written).at("/tender/value/amount").isNumber()).isTrue();
    }

    @Test
    void shouldTakeAReleaseLineAsItStandsWithoutTheWhiteSpaceBetweenTokens() throws IOException {
        read("{ \"ocid\" : \"ocds-b5fd17-1\",\t\"id\": 7, \"tender\": {\"title\": \"A  \\\"quoted\\\"  title\", \"value\": {\"amount\": 1e9999}}}\n"
                + "{\"ocid\": \"ocds-b5fd17-2\", \"id\": \"2\", \"tender\": {\"lots\": 007}}\n");

        assertThat(releases.getFirst().json())
                .isEqualTo("{\"ocid\":\"ocds-b5fd17-1\",\"id\":7,\"tender\":{\"title\":\"A  \\\"quoted\\\"  title\",\"value\":{\"amount\":1e9999}}}");
        assertThat(releases.getFirst().id()).isEqualTo("7");
        assertThat(releases.get(1).json()).as("numbers to repair take the thorough way").contains("\"lots\":7");
    }

    @Test
    void shouldReportALineThatBreaksOffInsideTheReleaseAndGoOn() throws IOException {
        read("{\"ocid\": \"ocds-b5fd17-1\", \"id\": \"1\", \"tender\": {\"title\": \"a\"\n" + R2 + "\n");

        assertThat(ocids()).containsExactly("ocds-b5fd17-2");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isEqualTo("line 1");
            assertThat(problem.reason()).startsWith("not JSON");
        });
    }

    @Test
    void shouldWriteAReleaseWithoutIdTheSameWayWhateverItsPackaging() throws IOException {
        String release = "{\"ocid\": \"ocds-b5fd17-9\", \"date\": \"2024-01-01\", \"tender\": {\"title\": \"Caf\\u00e9\"}}";
        read(release + "\n" + release + "\n");
        read("{\"version\": \"1.1\", \"releases\": [" + release + "]}");
        read("[" + release + "]");

        assertThat(releases).hasSize(4).extracting(OcdsRelease::json).containsOnly("{\"ocid\":\"ocds-b5fd17-9\",\"date\":\"2024-01-01\","
                + "\"tender\":{\"title\":\"Café\"}}");
    }

    @Test
    void shouldReportAnEmptyDocument() throws IOException {
        read("  \n");

        assertThat(releases).isEmpty();
        assertThat(problems).singleElement().extracting(OcdsProblem::reason).isEqualTo("the document is empty");
    }

    @Test
    void shouldReportANonJsonDocument() throws IOException {
        read("this is not json at all\n");

        assertThat(releases).isEmpty();
        assertThat(problems).singleElement().extracting(OcdsProblem::reason).asString().contains("not valid JSON");
    }
}
