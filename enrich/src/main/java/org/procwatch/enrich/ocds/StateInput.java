package org.procwatch.enrich.ocds;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link StateOutput} wrote, from a stored state's bytes. Byte runs are not copied: the caller is told
 * where they are ({@link #readRun} and {@link #runOffset}), so a process read back keeps its values as slices of its
 * stored state. A state cut short or garbled fails with {@link IllegalArgumentException}, never a wrong read.
 */
public final class StateInput {

    private final byte[] bytes;
    private final int end;
    private int position;
    private int runOffset;

    public StateInput(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public StateInput(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Where in {@link #bytes} the next read starts. */
    public int position() {
        return position;
    }

    public boolean atEnd() {
        return position == end;
    }

    public int readByte() {
        need(1);
        return bytes[position++] & 0xff;
    }

    public int readCount() {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int next = readByte();
            value |= (next & 0x7f) << shift;
            if (next < 0x80) {
                if (value < 0) {
                    break;
                }
                return value;
            }
        }
        throw new IllegalArgumentException("a stored state holds a count beyond any it writes, at byte " + position);
    }

    /** A number written by {@link StateOutput#writeLong}. */
    public long readLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[position++] & 0xff);
        }
        return value;
    }

    /** A string, or null. */
    public String readString() {
        int length = readRun();
        return length < 0 ? null : new String(bytes, runOffset, length, StandardCharsets.UTF_8);
    }

    /** A byte run as a new array, or null. */
    public byte[] readByteArray() {
        int length = readRun();
        return length < 0 ? null : Arrays.copyOfRange(bytes, runOffset, runOffset + length);
    }

    /** Moves past a byte run and tells its length, or -1 for none; {@link #runOffset} tells where in {@link #bytes} it starts. */
    public int readRun() {
        int stored = readCount();
        if (stored == 0) {
            return -1;
        }
        int length = stored - 1;
        need(length);
        runOffset = position;
        position += length;
        return length;
    }

    public int runOffset() {
        return runOffset;
    }

    private void need(int count) {
        if (count > end - position) {
            throw new IllegalArgumentException("a stored state ends " + (count - (end - position)) + " bytes short, at byte " + position);
        }
    }
}
