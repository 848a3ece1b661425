package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.procwatch.enrich.ocds.ProcessTrees.compiled;
import static org.procwatch.enrich.ocds.ProcessTrees.merge;
import static org.procwatch.enrich.ocds.ProcessTrees.merged;
import static org.procwatch.enrich.ocds.ProcessTrees.versioned;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeCodecTest {

    private static final MergeRules RULES = MergeRules.forVersion("1.1");
    private static final String OCID = "ocds-b5fd17-9";
    /** Numbers compared as written, scale included: {@code 1.50} is not {@code 1.5}, but {@code 1e9999} is {@code 1E+9999}. */
    private static final ObjectMapper LITERAL = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    private static List<String> releases() {
        List<String> releases = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            releases.add(("""
                    {'ocid': 'ocds-b5fd17-9', 'id': 'n%d', 'date': '2024-0%d-01T00:00:00Z', 'tag': ['tenderUpdate'],
                     'tender': {'id': 't', 'title': 'CCTV maintenance %d', 'value': {'amount': %d, 'currency': 'GBP'},
                       'items': [{'id': '%d', 'description': 'camera model DS-2CD%d', 'quantity': %d}, {'description': 'no id'}]},
                     'parties': [{'id': 'p1', 'name': 'Anytown Council', 'roles': ['buyer']}]}
                    """).formatted(i, i, i, 100 * i, i % 3, i, i));
        }
        return releases;
    }

    private static ProcessTree storedAndReadBack(ProcessTree process) {
        return ProcessTreeCodec.decode(ProcessTreeCodec.encode(process), RULES);
    }

    @Test
    void shouldResumeMergingFromTheStoredStateAsIfNeverInterrupted() {
        List<String> releases = releases();
        ProcessTree uninterrupted = merged(new ProcessTree(OCID, RULES, true), releases);

        ProcessTree resumed = storedAndReadBack(merged(new ProcessTree(OCID, RULES, true), releases.subList(3, 6)));
        merged(resumed, releases.subList(0, 3));

        assertThat(resumed.compiledRelease()).isEqualTo(uninterrupted.compiledRelease());
        assertThat(resumed.versionedRelease()).isEqualTo(uninterrupted.versionedRelease());
        assertThat(resumed.releaseCount()).isEqualTo(6);
        assertThat(merge(resumed, releases.get(4)).duplicate()).as("release keys survive").isTrue();
    }

    @Test
    void shouldGiveTheSameBytesWhenStoredAgainAndTheSameReleasesWhenStoredAfterEveryRelease() {
        List<String> releases = releases();
        ProcessTree direct = merged(new ProcessTree(OCID, RULES, true), releases);
        ProcessTree throughStore = new ProcessTree(OCID, RULES, true);
        for (String release : releases.reversed()) {
            throughStore = storedAndReadBack(throughStore);
            merge(throughStore, release);
        }

        byte[] stored = ProcessTreeCodec.encode(throughStore);
        assertThat(ProcessTreeCodec.encode(ProcessTreeCodec.decode(stored, RULES))).isEqualTo(stored);
        assertThat(throughStore.compiledRelease()).isEqualTo(direct.compiledRelease());
        assertThat(throughStore.versionedRelease()).isEqualTo(direct.versionedRelease());
    }

    @Test
    void shouldKeepEachReleasesContentDigestSoThatARepeatedIdWithOtherContentIsStillMerged() {
        List<String> releases = releases();
        ProcessTree resumed = storedAndReadBack(merged(new ProcessTree(OCID, RULES, false), releases.subList(0, 2)));

        String changed = releases.get(1).replace("CCTV maintenance 2", "published again under the same id and date");

        assertThat(merge(resumed, releases.get(1)).duplicate()).as("the same content").isTrue();
        assertThat(merge(resumed, changed).duplicate()).as("other content").isFalse();
        assertThat(compiled(resumed).at("/tender/title").asText()).isEqualTo("published again under the same id and date");
    }

    @Test
    void shouldStoreLessThanTheReleasesItMerged() {
        List<String> releases = releases();
        ProcessTree process = merged(new ProcessTree(OCID, RULES, false), releases);

        int stored = ProcessTreeCodec.encode(process).length;
        int ingested = releases.stream().mapToInt(release -> ProcessTrees.release(release).length).sum();
        int compiled = process.compiledRelease().length;

        assertThat(stored).isLessThan(ingested).isLessThan(2 * compiled);
    }

    @Test
    void shouldKeepNumbersAndTextExactlyAsPublished() {
        ProcessTree process = new ProcessTree(OCID, RULES, true);
        merge(process, """
                {'ocid': 'ocds-b5fd17-9', 'id': 'n1', 'date': '2024-01-01T00:00:00Z', 'tag': ['award'],
                 'awards': [{'id': 'a1', 'value': {'amount': 1.50, 'currency': 'GBP'}, 'items': [
                   {'id': 7, 'quantity': 12345678901234567890, 'unit': {'value': {'amount': 1e9999}}},
                   {'id': '7', 'quantity': -0.0, 'description': null, 'classification': {'description': 'caf\\u00e9 \u00e9 \\ud83d\\udcf9'}}]}],
                 'tender': {'hasEnquiries': false, 'submissionMethod': ['electronicSubmission']}}
                """);

        ProcessTree restored = storedAndReadBack(process);

        String compiled = new String(restored.compiledRelease(), StandardCharsets.UTF_8);
        assertThat(compiled).isEqualTo(new String(process.compiledRelease(), StandardCharsets.UTF_8))
                .contains("\"amount\":1.50,", "12345678901234567890", "1e9999", "\"id\":7", "\"id\":\"7\"", "-0.0",
                        "caf\\u00e9 \u00e9 \\ud83d\\udcf9");
        assertThat(restored.versionedRelease()).isEqualTo(process.versionedRelease());
    }

    @Test
    void shouldRefuseAStateCutShortOrGarbledRatherThanReadItWrong() {
        byte[] stored = ProcessTreeCodec.encode(merged(new ProcessTree(OCID, RULES, true), releases()));

        for (int length : new int[] {1, stored.length / 3, stored.length / 2, stored.length - 1}) {
            assertThatThrownBy(() -> ProcessTreeCodec.decode(Arrays.copyOf(stored, length), RULES))
                    .as("cut to %d bytes", length).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stored");
        }
        byte[] otherFormat = stored.clone();
        otherFormat[0] = 9;
        assertThatThrownBy(() -> ProcessTreeCodec.decode(otherFormat, RULES)).hasMessageContaining("format 9");
        byte[] longer = Arrays.copyOf(stored, stored.length + 1);
        assertThatThrownBy(() -> ProcessTreeCodec.decode(longer, RULES)).hasMessageContaining("bytes after its end");
    }

    /** State that enrich stored before {@link ProcessTree} (format 1, Smile) must still read: data folders outlive versions. */
    @Test
    void shouldReadStateStoredInFormat1() throws Exception {
        ProcessTree merged = new ProcessTree(OCID, RULES, true);
        for (String line : format1Releases()) {
            byte[] json = line.getBytes(StandardCharsets.UTF_8);
            merged.merge(json, 0, json.length, () -> null);
        }

        ProcessTree restored = ProcessTreeCodec.decode(format1State(), RULES);

        assertThat(restored.releaseCount()).isEqualTo(3);
        assertThat(literal(restored.compiledRelease())).isEqualTo(literal(merged.compiledRelease()));
        assertThat(literal(restored.versionedRelease())).isEqualTo(literal(merged.versionedRelease()));
        assertThat(new String(restored.compiledRelease(), StandardCharsets.UTF_8)).as("fields in the order they first appeared")
                .startsWith("{\"tag\":[\"compiled\"],\"id\":\"ocds-b5fd17-9-2024-03-01T00:00:00Z\",\"date\":\"2024-03-01T00:00:00Z\","
                        + "\"ocid\":\"ocds-b5fd17-9\",\"tender\":{\"id\":\"t\"");

        ProcessTree storedAgain = storedAndReadBack(restored);
        assertThat(storedAgain.compiledRelease()).isEqualTo(restored.compiledRelease());
        assertThat(merge(storedAgain, "{'ocid': 'ocds-b5fd17-9', 'id': 'n4', 'date': '2024-04-01T00:00:00Z', 'tender': {'title': 'renewed'}}")
                .duplicate()).isFalse();
        assertThat(compiled(storedAgain).at("/tender/title").asText()).isEqualTo("renewed");
        assertThat(versioned(storedAgain).at("/tender/title").size()).as("n1's title, n2's null, n4's").isEqualTo(3);
    }

    /** Releases stored before content digests were kept cannot be told apart from a repeat: it stays a duplicate, as it was. */
    @Test
    void shouldTakeARepeatOfAReleaseStoredWithoutDigestAsADuplicate() throws Exception {
        ProcessTree restored = ProcessTreeCodec.decode(format1State(), RULES);
        byte[] repeated = format1Releases().getFirst().replace("CCTV maintenance", "other content").getBytes(StandardCharsets.UTF_8);

        assertThat(restored.merge(repeated, 0, repeated.length, () -> "feed").duplicate()).isTrue();
        assertThat(restored.releaseCount()).isEqualTo(3);
    }

    static byte[] format1State() throws IOException {
        try (InputStream state = ProcessTreeCodecTest.class.getResourceAsStream("/compile-state/format-1.smile")) {
            return state.readAllBytes();
        }
    }

    static List<String> format1Releases() throws IOException {
        try (InputStream releases = ProcessTreeCodecTest.class.getResourceAsStream("/compile-state/format-1-releases.jsonl")) {
            return new String(releases.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static JsonNode literal(byte[] json) throws IOException {
        return LITERAL.readTree(json);
    }
}
