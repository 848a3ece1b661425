package org.procwatch.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestedKeysTest {

    @Test
    void shouldTellKeysIngestedFromOthers() {
        IngestedKeys keys = new IngestedKeys();
        for (int i = 0; i < 100_000; i++) {
            keys.add("ocds-b5fd17-" + i + "|release-" + i);
        }
        keys.add("ocds-b5fd17-7|release-7");

        assertThat(keys.size()).as("a key added twice is one").isEqualTo(100_000);
        assertThat(keys.contains("ocds-b5fd17-99999|release-99999")).isTrue();
        assertThat(keys.contains("ocds-b5fd17-100000|release-100000")).isFalse();
        assertThat(keys.contains("ocds-b5fd17-7|release-8")).isFalse();
    }
}
