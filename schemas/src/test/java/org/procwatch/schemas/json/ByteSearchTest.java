package org.procwatch.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSearchTest {

    /** Bytes few enough in kind that every search finds, misses, and meets bytes that differ from the one wanted by a bit. */
    private static final byte[] ALPHABET = {'"', '\\', '\n', 'a', '#', 0x22 ^ 0x01, (byte) 0xa2, (byte) 0xe2, 0};

    @Test
    void shouldFindWhatALookAtEveryByteFindsAtEveryOffsetAndLength() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(4) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) ('b' + random.nextInt(20));
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            byte one = ALPHABET[random.nextInt(ALPHABET.length)];
            byte other = ALPHABET[random.nextInt(ALPHABET.length)];
            assertThat(ByteSearch.indexOf(bytes, from, to, one)).isEqualTo(naive(bytes, from, to, one, one));
            assertThat(ByteSearch.indexOfEither(bytes, from, to, one, other)).isEqualTo(naive(bytes, from, to, one, other));
            assertThat(ByteSearch.firstNonAscii(bytes, from, to)).isEqualTo(naiveNonAscii(bytes, from, to));
        }
    }

    private static int naive(byte[] bytes, int from, int to, byte one, byte other) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == one || bytes[i] == other) {
                return i;
            }
        }
        return to;
    }

    private static int naiveNonAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return i;
            }
        }
        return to;
    }
}
