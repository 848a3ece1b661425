package org.procwatch.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class ExactNumbersTest {

    @Test
    void shouldWriteEveryNumberOfATreeAsItWasRead() throws Exception {
        String release = "{\"amount\":13452.0,\"large\":1200000000000.0,\"cents\":99.90,\"zero\":0.0,\"count\":3,"
                + "\"big\":123456789012345678901234567890}";
        ObjectMapper exact = ExactNumbers.exact(JsonMapper.builder()).build();

        assertThat(exact.readTree(release).toString()).isEqualTo(release);
        assertThat(JsonMapper.builder().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
                .readTree(release).toString()).as("trees of decimals otherwise lose their trailing zeros").isNotEqualTo(release);
        assertThat(new ObjectMapper().readTree(release).toString()).as("and trees of doubles their digits").isNotEqualTo(release);
    }
}
