package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledProcessCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MergeRules RULES = MergeRules.forVersion("1.1");

    private static List<JsonNode> releases() throws Exception {
        List<JsonNode> releases = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            releases.add(JSON.readTree(("""
                    {"ocid": "ocds-b5fd17-9", "id": "n%d", "date": "2024-0%d-01T00:00:00Z", "tag": ["tenderUpdate"],
                     "tender": {"id": "t", "title": "CCTV maintenance %d", "value": {"amount": %d, "currency": "GBP"},
                       "items": [{"id": "%d", "description": "camera model DS-2CD%d", "quantity": %d}]},
                     "parties": [{"id": "p1", "name": "Anytown Council", "roles": ["buyer"]}]}
                    """).formatted(i, i, i, 100 * i, i % 3, i, i)));
        }
        return releases;
    }

    @Test
    void shouldResumeMergingFromTheStoredStateAsIfNeverInterrupted() throws Exception {
        List<JsonNode> releases = releases();
        CompiledProcess uninterrupted = new CompiledProcess("ocds-b5fd17-9", RULES, true);
        releases.forEach(uninterrupted::merge);

        CompiledProcess first = new CompiledProcess("ocds-b5fd17-9", RULES, true);
        releases.subList(3, 6).forEach(first::merge);
        CompiledProcess resumed = CompiledProcessCodec.decode(CompiledProcessCodec.encode(first), RULES);
        releases.subList(0, 3).forEach(resumed::merge);

        assertThat(resumed.compiledRelease()).isEqualTo(uninterrupted.compiledRelease());
        assertThat(resumed.versionedRelease()).isEqualTo(uninterrupted.versionedRelease());
        assertThat(resumed.releaseCount()).isEqualTo(6);
        assertThat(resumed.merge(releases.get(4)).duplicate()).as("release keys survive").isTrue();
    }

    @Test
    void shouldKeepEachReleasesContentDigestSoThatARepeatedIdWithOtherContentIsStillMerged() throws Exception {
        List<JsonNode> releases = releases();
        CompiledProcess first = new CompiledProcess("ocds-b5fd17-9", RULES, false);
        releases.subList(0, 2).forEach(first::merge);
        CompiledProcess resumed = CompiledProcessCodec.decode(CompiledProcessCodec.encode(first), RULES);

        ObjectNode changed = releases.get(1).deepCopy();
        changed.put("title", "published again under the same id and date");

        assertThat(resumed.merge(releases.get(1).deepCopy()).duplicate()).as("the same content").isTrue();
        assertThat(resumed.merge(changed).duplicate()).as("other content").isFalse();
        assertThat(resumed.compiledRelease().get("title").asText()).isEqualTo("published again under the same id and date");
    }

    @Test
    void shouldStoreLessThanTheReleasesItMerged() throws Exception {
        List<JsonNode> releases = releases();
        CompiledProcess process = new CompiledProcess("ocds-b5fd17-9", RULES, false);
        releases.forEach(process::merge);

        int stored = CompiledProcessCodec.encode(process).length;
        int ingested = releases.stream().mapToInt(r -> r.toString().getBytes(StandardCharsets.UTF_8).length).sum();
        int compiled = process.compiledRelease().toString().getBytes(StandardCharsets.UTF_8).length;

        assertThat(stored).isLessThan(ingested).isLessThan(2 * compiled);
    }

    @Test
    void shouldKeepNumbersExactlyAsPublished() throws Exception {
        ObjectMapper exact = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        JsonNode release = exact.readTree("""
                {"ocid": "ocds-b5fd17-9", "id": "n1", "date": "2024-01-01T00:00:00Z", "tag": ["award"],
                 "awards": [{"id": "a1", "value": {"amount": 1.50, "currency": "GBP"}, "items": [
                   {"id": 7, "quantity": 12345678901234567890, "unit": {"value": {"amount": 1e9999}}},
                   {"id": "7", "quantity": -0.0, "description": null}]}],
                 "tender": {"hasEnquiries": false, "submissionMethod": ["electronicSubmission"]}}
                """);
        CompiledProcess process = new CompiledProcess("ocds-b5fd17-9", RULES, true);
        process.merge(release);

        CompiledProcess restored = CompiledProcessCodec.decode(CompiledProcessCodec.encode(process), RULES);

        assertThat(restored.compiledRelease().toString()).isEqualTo(process.compiledRelease().toString())
                .contains("\"amount\":1.5,", "12345678901234567890", "1E+9999", "\"id\":7", "\"id\":\"7\"");
        assertThat(restored.versionedRelease().toString()).isEqualTo(process.versionedRelease().toString());
    }

    /** State that enrich stored before the codec was rewritten to stream must still read: data folders outlive versions. */
    @Test
    void shouldReadStateStoredByEarlierVersions() throws Exception {
        ObjectMapper exact = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        CompiledProcess merged = new CompiledProcess("ocds-b5fd17-9", RULES, true);
        try (InputStream releases = getClass().getResourceAsStream("/compile-state/format-1-releases.jsonl")) {
            new String(releases.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(line -> merged.merge(read(exact, line)));
        }
        byte[] stored;
        try (InputStream state = getClass().getResourceAsStream("/compile-state/format-1.smile")) {
            stored = state.readAllBytes();
        }

        CompiledProcess restored = CompiledProcessCodec.decode(stored, RULES);

        assertThat(restored.compiledRelease().toString()).isEqualTo(merged.compiledRelease().toString());
        assertThat(restored.versionedRelease()).isEqualTo(merged.versionedRelease());
        assertThat(restored.releaseCount()).isEqualTo(3);
    }

    /** Releases stored before content digests were kept cannot be told apart from a repeat: it stays a duplicate, as it was. */
    @Test
    void shouldTakeARepeatOfAReleaseStoredWithoutDigestAsADuplicate() throws Exception {
        byte[] stored;
        try (InputStream state = getClass().getResourceAsStream("/compile-state/format-1.smile")) {
            stored = state.readAllBytes();
        }
        CompiledProcess restored = CompiledProcessCodec.decode(stored, RULES);
        ObjectMapper exact = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        String firstLine;
        try (InputStream releases = getClass().getResourceAsStream("/compile-state/format-1-releases.jsonl")) {
            firstLine = new String(releases.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        }
        ObjectNode repeated = (ObjectNode) read(exact, firstLine);
        repeated.put("title", "other content");

        assertThat(restored.merge(repeated).duplicate()).isTrue();
        assertThat(restored.releaseCount()).isEqualTo(3);
    }

    private static JsonNode read(ObjectMapper mapper, String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
