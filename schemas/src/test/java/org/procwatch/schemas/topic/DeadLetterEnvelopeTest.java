package org.procwatch.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.DeadLetter;

class DeadLetterEnvelopeTest {

    @Test
    void shouldKeepASmallRecordWhole() {
        DeadLetter letter = DeadLetterEnvelope.of("ingest", "not JSON", new byte[] {1, 2, 3}).build();

        assertThat(letter.getApp()).isEqualTo("ingest");
        assertThat(letter.getReason()).isEqualTo("not JSON");
        assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(letter.getValueTruncated()).isFalse();
        assertThat(letter.getFailedAt()).isNotNull();
    }

    @Test
    void shouldCutAHugeRecordShortAndSaySo() {
        byte[] huge = new byte[DeadLetterEnvelope.VALUE_LIMIT + 1];
        Arrays.fill(huge, (byte) 'x');

        DeadLetter letter = DeadLetterEnvelope.of("enrich", "too large", huge).build();

        assertThat(letter.getValue().remaining()).isEqualTo(DeadLetterEnvelope.VALUE_LIMIT);
        assertThat(letter.getValueTruncated()).isTrue();
        assertThat(DeadLetterEnvelope.of("enrich", "exactly the limit", Arrays.copyOf(huge, DeadLetterEnvelope.VALUE_LIMIT)).build()
                .getValueTruncated()).isFalse();
    }

    @Test
    void shouldCarryNoValueForARecordWithout() {
        DeadLetter letter = DeadLetterEnvelope.of("sink", "tombstone", null).build();

        assertThat(letter.getValue()).isNull();
        assertThat(letter.getValueTruncated()).isFalse();
    }
}
