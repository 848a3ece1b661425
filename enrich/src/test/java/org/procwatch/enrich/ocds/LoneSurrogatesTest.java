package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;
import org.junit.jupiter.api.Test;

class LoneSurrogatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldReplaceHalvesOfCharactersAndKeepWholeOnes() throws Exception {
        String json = "{\"title\": \"Lone \\ud800 high, lone \\udc00 low, whole \\ud83d\\udcf9, twice \\ud800\\ud83d\\udcf9\","
                + " \"items\": [{\"d\": \"\\udfff\"}], \"end\": \"\\uD800\"}";
        assertThat(LoneSurrogates.mayHoldAny(json)).isTrue();

        String repaired = LoneSurrogates.repair(json);

        assertThat(repaired).isEqualTo("{\"title\": \"Lone \\ufffd high, lone \\ufffd low, whole \\ud83d\\udcf9, twice \\ufffd\\ud83d\\udcf9\","
                + " \"items\": [{\"d\": \"\\ufffd\"}], \"end\": \"\\ufffd\"}");
        String title = JSON.readTree(repaired).path("title").asText();
        assertThat(title).isEqualTo("Lone \ufffd high, lone \ufffd low, whole \ud83d\udcf9, twice \ufffd\ud83d\udcf9");
        assertThat(encodesAsUtf8(JSON.readTree(repaired).toString())).as("no half character left").isTrue();
        assertThat(encodesAsUtf8(JSON.readTree(json).toString())).as("as it was").isFalse();
    }

    @Test
    void shouldLeaveEscapedBackslashesAndOtherEscapesAlone() {
        String json = "{\"path\": \"C:\\\\ud800\\\\x\", \"quote\": \"\\\"\\ud83d\\udcf9\\n\", \"hex\": \"\\u00e9\"}";

        assertThat(LoneSurrogates.repair(json)).isSameAs(json);
    }

    @Test
    void shouldLeaveTextWithoutEscapesAlone() {
        assertThat(LoneSurrogates.mayHoldAny("{\"title\": \"CCTV \u00e9\"}")).isFalse();
        assertThat(LoneSurrogates.repair("plain")).isSameAs("plain");
    }

    private static boolean encodesAsUtf8(String text) {
        try {
            StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
