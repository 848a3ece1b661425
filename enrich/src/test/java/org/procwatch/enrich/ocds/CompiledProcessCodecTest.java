package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    void shouldStoreLessThanTheReleasesItMerged() throws Exception {
        List<JsonNode> releases = releases();
        CompiledProcess process = new CompiledProcess("ocds-b5fd17-9", RULES, false);
        releases.forEach(process::merge);

        int stored = CompiledProcessCodec.encode(process).length;
        int ingested = releases.stream().mapToInt(r -> r.toString().getBytes(StandardCharsets.UTF_8).length).sum();
        int compiled = process.compiledRelease().toString().getBytes(StandardCharsets.UTF_8).length;

        assertThat(stored).isLessThan(ingested).isLessThan(2 * compiled);
    }
}
