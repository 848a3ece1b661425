package org.procwatch.enrich.match;

import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.ObjectIntHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The watchlist's words as a query reads them: each word's facts, letters and names in one block of one array, found
 * by the word's 64-bit hash. A word's number is where its block begins.
 *
 * <p>At a million names the words are far larger than the processor's caches. Kept apart (the word, its weight, whether
 * it is distinctive, its list of names), a word a query has cost a miss of the caches for each; in one block they
 * cost one, or two adjacent lines. The words are found by open addressing on their hashes, each slot a word's number
 * and half its hash: a probe compares halves of hashes and a word's letters only when they agree, so the one miss a
 * lookup of a known word takes beyond its slot is its block, read next anyway (a map of hashes to numbers takes two:
 * the hash, then the number). The letters decide, not the hash: words sharing a hash are two words on one chain.
 * Most words looked up are no word (a query's neighbouring words run together, its unknown words), and the {@link
 * KeyFilter} tells most of those without a probe.
 *
 * <p>A block, in longs: {@code typoKey << 32 | distinctive << 31 | letters}, {@code weight's float bits << 32 |
 * names}, the letters four to a long, then the names' {@link WatchlistIndex#entry entries}.
 */
final class WordTable {

    /** No word's number. */
    static final int UNKNOWN = -1;

    private static final int HEADER = 2;

    private final long[] blocks;
    /** {@code upper half of a word's hash << 32 | its number + 1}, at or after the slot its hash's lower bits name; 0 empty. */
    private final long[] slots;
    private final int mask;
    private final KeyFilter hashes;

    private WordTable(long[] blocks, long[] slots, KeyFilter hashes) {
        this.blocks = blocks;
        this.slots = slots;
        this.mask = slots.length - 1;
        this.hashes = hashes;
    }

    /** The word's number, or {@link #UNKNOWN}. */
    int numberOf(String word) {
        return numberOf(hash(word), word, "");
    }

    /**
     * The number of the word that is these two run together, without building it: a query looks up each pair of its
     * neighbouring words, and nearly all are no word.
     */
    int numberOf(String first, String second) {
        return numberOf(spread(polynomial(polynomial(0, first), second)), first, second);
    }

    /** The number of the word {@code first} followed by {@code second}, whose hash this is. */
    private int numberOf(long hash, String first, String second) {
        if (!hashes.mayContain(hash)) {
            return UNKNOWN;
        }
        int half = (int) (hash >>> 32);
        for (int i = (int) hash & mask; slots[i] != 0; i = (i + 1) & mask) {
            if ((int) (slots[i] >>> 32) == half) {
                int number = (int) slots[i] - 1;
                if (isWord(number, first, second)) {
                    return number;
                }
            }
        }
        return UNKNOWN;
    }

    /** Whether the word numbered so is {@code first} followed by {@code second}. */
    private boolean isWord(int number, String first, String second) {
        int length = first.length() + second.length();
        if (length(number) != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = i < first.length() ? first.charAt(i) : second.charAt(i - first.length());
            if (letter(number, i) != c) {
                return false;
            }
        }
        return true;
    }

    String word(int number) {
        char[] letters = new char[length(number)];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = letter(number, i);
        }
        return new String(letters);
    }

    private int length(int number) {
        return (int) blocks[number] & Integer.MAX_VALUE;
    }

    private char letter(int number, int i) {
        return (char) (blocks[number + HEADER + i / 4] >>> 16 * (i & 3));
    }

    /** The word's {@link WatchlistIndex#typoKey}. */
    int typoKey(int number) {
        return (int) (blocks[number] >>> 32);
    }

    boolean isDistinctive(int number) {
        return (int) blocks[number] < 0;
    }

    float weight(int number) {
        return Float.intBitsToFloat((int) (blocks[number + 1] >>> 32));
    }

    /** How many names have the word; none for {@link #UNKNOWN}. */
    int frequency(int number) {
        return number == UNKNOWN ? 0 : (int) blocks[number + 1];
    }

    /** Adds the {@link WatchlistIndex#entry entries} of the names that have the word, each once; none for {@link #UNKNOWN}. */
    void addNames(int number, LongArrayList to) {
        if (number != UNKNOWN) {
            to.add(blocks, number + HEADER + (length(number) + 3) / 4, frequency(number));
        }
    }

    /** A 64-bit polynomial hash of the characters, spread (not String's 32-bit hash, which a million words share often). */
    static long hash(String word) {
        return spread(polynomial(0, word));
    }

    private static long polynomial(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = hash * 1_000_003L + text.charAt(i);
        }
        return hash;
    }

    private static long spread(long hash) {
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash;
    }

    /**
     * The words as the watchlist's names are read: numbered from 0 in the order first added, with the names having each.
     * {@link #build} lays them out in blocks, where they get their numbers for good ({@link #numberInTable}).
     */
    static final class Builder {

        private final ObjectIntHashMap<String> numbers = new ObjectIntHashMap<>();
        private final List<String> words = new ArrayList<>();
        private final List<IntArrayList> names = new ArrayList<>();
        private int[] numbersInTable;

        /** The word's number here, noting that the name numbered {@code name} has it (once, however often). */
        int add(String word, int name) {
            if (numbersInTable != null) {
                throw new IllegalStateException("the table is built: a word added now would not be in it");
            }
            int number = numbers.getOrDefault(word, UNKNOWN);
            if (number == UNKNOWN) {
                number = words.size();
                numbers.put(word, number);
                words.add(word);
                names.add(new IntArrayList(1));
            }
            IntArrayList having = names.get(number);
            if (having.isEmpty() || having.get(having.size() - 1) != name) {
                having.add(name);
            }
            return number;
        }

        /** The word numbered so here: one String per word, however many names have it. */
        String word(int number) {
            return words.get(number);
        }

        int size() {
            return words.size();
        }

        /** How many names have the word numbered so here. */
        int frequency(int number) {
            return names.get(number).size();
        }

        /**
         * The table of the words with these facts (by their numbers here), and each word's names as {@code entry} makes
         * them of a name's number.
         */
        WordTable build(float[] weights, boolean[] distinctive, int[] typoKeys, IntToLongFunction entry) {
            numbersInTable = new int[words.size()];
            long size = 0;
            for (int number = 0; number < words.size(); number++) {
                numbersInTable[number] = Math.toIntExact(size);
                size += HEADER + (words.get(number).length() + 3) / 4 + frequency(number);
            }
            long[] blocks = new long[Math.toIntExact(size)];
            long[] slots = new long[Integer.highestOneBit(Math.max(1, words.size())) * 4]; // at most half full
            LongArrayList hashes = new LongArrayList(words.size());
            for (int number = 0; number < words.size(); number++) {
                String word = words.get(number);
                int at = numbersInTable[number];
                blocks[at] = (long) typoKeys[number] << 32 | (distinctive[number] ? 1L << 31 : 0) | word.length();
                blocks[at + 1] = (long) Float.floatToRawIntBits(weights[number]) << 32 | frequency(number);
                for (int i = 0; i < word.length(); i++) {
                    blocks[at + HEADER + i / 4] |= (long) word.charAt(i) << 16 * (i & 3);
                }
                int namesAt = at + HEADER + (word.length() + 3) / 4;
                IntArrayList having = names.get(number);
                for (int i = 0; i < having.size(); i++) {
                    blocks[namesAt + i] = entry.applyAsLong(having.get(i));
                }
                long hash = hash(word);
                hashes.add(hash);
                int slot = (int) hash & slots.length - 1;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & slots.length - 1;
                }
                slots[slot] = hash >>> 32 << 32 | at + 1;
            }
            return new WordTable(blocks, slots, KeyFilter.of(hashes));
        }

        /** The number in the {@link #build built} table of the word numbered so here. */
        int numberInTable(int number) {
            return numbersInTable[number];
        }
    }
}
