package org.procwatch.schemas.topic;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.procwatch.schemas.avro.DeadLetter;

/**
 * The part of a {@link DeadLetter} that every stage fills the same way: which app rejected the record, why,
 * when, and the record's bytes, cut short so that a dead letter never carries a second copy of a huge input.
 * Each stage adds where the record stood (topic and offset, or file and line) to the builder it gets.
 */
public final class DeadLetterEnvelope {

    /** The most of a rejected record's bytes a dead letter keeps: enough to see what it was. */
    public static final int VALUE_LIMIT = 64 * 1024;

    private DeadLetterEnvelope() {
    }

    /**
     * A dead letter of {@code app} for a record rejected for {@code reason}, failed now.
     *
     * @param value the record's bytes, or null when it had none; kept up to {@link #VALUE_LIMIT}
     */
    public static DeadLetter.Builder of(String app, String reason, byte[] value) {
        byte[] kept = value == null ? null : Arrays.copyOf(value, Math.min(value.length, VALUE_LIMIT));
        return DeadLetter.newBuilder()
                .setApp(app)
                .setReason(reason)
                .setValue(kept == null ? null : ByteBuffer.wrap(kept))
                .setValueTruncated(value != null && value.length > VALUE_LIMIT)
                .setFailedAt(Instant.now());
    }
}
