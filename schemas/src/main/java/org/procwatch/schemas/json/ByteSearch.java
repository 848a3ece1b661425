package org.procwatch.schemas.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds a byte in a run of bytes eight at a time, for the scans that cross every byte of a large input (line ends,
 * the ends of JSON strings): a word holds the byte wanted when one of its bytes, XORed with it, is zero.
 */
public final class ByteSearch {

    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private ByteSearch() {
    }

    /** The index of the first {@code wanted} in {@code bytes[from, to)}, or {@code to} when there is none. */
    public static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        long pattern = ONES * (wanted & 0xff);
        int i = from;
        while (i + Long.BYTES <= to) {
            long word = (long) EIGHT_BYTES.get(bytes, i) ^ pattern;
            long zeros = (word - ONES) & ~word & HIGH_BITS;
            if (zeros != 0) {
                return i + Long.numberOfTrailingZeros(zeros) / Byte.SIZE;
            }
            i += Long.BYTES;
        }
        while (i < to && bytes[i] != wanted) {
            i++;
        }
        return i;
    }

    /** The index of the first {@code one} or {@code other} in {@code bytes[from, to)}, or {@code to} when there is neither. */
    public static int indexOfEither(byte[] bytes, int from, int to, byte one, byte other) {
        long first = ONES * (one & 0xff);
        long second = ONES * (other & 0xff);
        int i = from;
        while (i + Long.BYTES <= to) {
            long word = (long) EIGHT_BYTES.get(bytes, i);
            long a = word ^ first;
            long b = word ^ second;
            long zeros = ((a - ONES) & ~a | (b - ONES) & ~b) & HIGH_BITS;
            if (zeros != 0) {
                return i + Long.numberOfTrailingZeros(zeros) / Byte.SIZE;
            }
            i += Long.BYTES;
        }
        while (i < to && bytes[i] != one && bytes[i] != other) {
            i++;
        }
        return i;
    }

    /** The index of the first byte of {@code bytes[from, to)} that is not ASCII, or {@code to} when all are. */
    public static int firstNonAscii(byte[] bytes, int from, int to) {
        int i = from;
        while (i + Long.BYTES <= to && ((long) EIGHT_BYTES.get(bytes, i) & HIGH_BITS) == 0) {
            i += Long.BYTES;
        }
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        return i;
    }
}
