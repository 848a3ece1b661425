package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import org.junit.jupiter.api.Test;

class LoneSurrogatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldReplaceHalvesOfCharactersAndKeepWholeOnes() throws Exception {
        String json = "{\"title\": \"Lone \\ud800 high, lone \\udc00 low, whole \\ud83d\\udcf9, twice \\ud800\\ud83d\\udcf9\","
                + " \"items\": [{\"d\": \"\\udfff\"}]}";
        assertThat(LoneSurrogates.mayHoldAny(json)).isTrue();

        JsonNode repaired = LoneSurrogates.repair(JSON.readTree(json));

        assertThat(repaired.path("title").asText()).isEqualTo("Lone \ufffd high, lone \ufffd low, whole \ud83d\udcf9, twice \ufffd\ud83d\udcf9");
        assertThat(repaired.path("items").get(0).path("d").asText()).isEqualTo("\ufffd");
        assertThat(new SmileMapper().writeValueAsBytes(repaired)).as("storable now").isNotEmpty();
    }

    @Test
    void shouldLeaveTextWithoutEscapesAlone() {
        assertThat(LoneSurrogates.mayHoldAny("{\"title\": \"CCTV \u00e9\"}")).isFalse();
        assertThat(LoneSurrogates.repair("plain")).isSameAs("plain");
    }
}
