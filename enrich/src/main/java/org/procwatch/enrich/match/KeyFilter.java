package org.procwatch.enrich.match;

import com.carrotsearch.hppc.LongContainer;
import com.carrotsearch.hppc.cursors.LongCursor;

/**
 * A blocked Bloom filter over 64-bit keys already well mixed (the index's hashes): it may say "perhaps" of a key it was
 * not given, a few times in a hundred, and never "no" of one it was. Most lookups of a query at a million names are of
 * keys no map has (its word pairs run together, its name run together, the one-letter deletions of a word no name
 * has), and each is a miss of the processor's caches in a map of millions of keys; the filter, a byte a key with the
 * bits of a key in one 64-bit word, answers most of them from a few megabytes that stay in the caches.
 */
final class KeyFilter {

    private final long[] words;
    private final int mask;

    private KeyFilter(long[] words) {
        this.words = words;
        this.mask = words.length - 1;
    }

    /** A filter of these keys (a map's {@code keys()}). */
    static KeyFilter of(LongContainer keys) {
        KeyFilter filter = new KeyFilter(new long[wordsFor(keys.size())]);
        for (LongCursor key : keys) {
            filter.add(key.value);
        }
        return filter;
    }

    /** Eight bits a key, in a power of two of 64-bit words. */
    private static int wordsFor(int keys) {
        return Integer.highestOneBit(Math.max(1, keys / 8)) * 2;
    }

    private void add(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        words[(int) (h >>> 32) & mask] |= bits(h);
    }

    /** False only when the key was not given. */
    boolean mayContain(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        long bits = bits(h);
        return (words[(int) (h >>> 32) & mask] & bits) == bits;
    }

    /** Three bits of the word, from bits of the key the word's choice did not use. */
    private static long bits(long h) {
        return 1L << (h & 63) | 1L << ((h >>> 6) & 63) | 1L << ((h >>> 12) & 63);
    }
}
