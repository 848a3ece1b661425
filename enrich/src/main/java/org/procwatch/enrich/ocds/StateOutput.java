package org.procwatch.enrich.ocds;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a stored state: small numbers as varints, strings and byte runs with their length first ({@code 0} for
 * none, else length + 1), read back by {@link StateInput}. A state is written for every release a stream merges,
 * so this is a plain growable array rather than a stream.
 */
public final class StateOutput {

    private byte[] buffer;
    private int size;

    public StateOutput(int expectedSize) {
        buffer = new byte[Math.max(64, expectedSize)];
    }

    public StateOutput writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    /** A number of at least 0, in as few bytes as it needs: 7 bits a byte, the high bit saying another follows. */
    public StateOutput writeCount(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("a count cannot be negative: " + value);
        }
        ensure(5);
        while (value >= 0x80) {
            buffer[size++] = (byte) (value | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    /** A number of any size, in eight bytes, the highest first. */
    public StateOutput writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** A string, or null. */
    public StateOutput writeString(String value) {
        return value == null ? writeCount(0) : writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public StateOutput writeBytes(byte[] value) {
        return value == null ? writeCount(0) : writeBytes(value, 0, value.length);
    }

    public StateOutput writeBytes(byte[] value, int offset, int length) {
        writeCount(length + 1);
        ensure(length);
        System.arraycopy(value, offset, buffer, size, length);
        size += length;
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + more, buffer.length * 2));
        }
    }
}
