package org.procwatch.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CappedJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Optional<JsonNode>> readAll(InputStream in, int maxBytes) throws IOException {
        CappedJson capped = new CappedJson(JSON, maxBytes);
        List<Optional<JsonNode>> values = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(in)) {
            while (parser.nextToken() != null) {
                values.add(capped.read(parser));
            }
        }
        return values;
    }

    private static InputStream text(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadEachValueOfAStream() throws IOException {
        List<Optional<JsonNode>> values = readAll(text("{\"a\": [1, 2.5, {\"b\": null}], \"c\": \"d\"}\n7\n\"x\"\n[]"), 1024);

        assertThat(values).extracting(value -> value.orElseThrow().toString())
                .containsExactly("{\"a\":[1,2.5,{\"b\":null}],\"c\":\"d\"}", "7", "\"x\"", "[]");
    }

    @Test
    void shouldReadPastAValueOverTheCapAndGoOnWithTheNext() throws IOException {
        String large = "{\"names\": [" + "\"Hikvision\",".repeat(200) + "\"end\"]}";
        List<Optional<JsonNode>> values = readAll(text("{\"id\": 1}\n" + large + "\n{\"id\": 2}"), 1000);

        assertThat(values).hasSize(3);
        assertThat(values.get(0)).hasValueSatisfying(value -> assertThat(value.path("id").asInt()).isEqualTo(1));
        assertThat(values.get(1)).as("over 1000 bytes").isEmpty();
        assertThat(values.get(2)).hasValueSatisfying(value -> assertThat(value.path("id").asInt()).isEqualTo(2));
    }

    @Test
    void shouldFailWhenTheDocumentBreaksOffInsideAValue() throws IOException {
        CappedJson capped = new CappedJson(JSON, 1024);
        try (JsonParser parser = JSON.createParser("{\"a\": [1, 2")) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThatThrownBy(() -> capped.read(parser)).isInstanceOf(JsonParseException.class);
        }
    }
}
