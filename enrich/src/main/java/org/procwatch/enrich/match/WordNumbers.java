package org.procwatch.enrich.match;

import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.ObjectIntHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The watchlist's words, numbered in the order they are first added. A lookup compares 64-bit hashes while it
 * probes and the word itself only once, at the end: a map of strings compares each string it probes past, and at a
 * million names each of those is a miss of the processor's caches (two: the string and its bytes). Most lookups
 * are of words no name has (a query's word pairs run together, its unknown words), which then cost one miss.
 * The hash is not trusted to tell words apart: a word whose hash another word has is kept in an ordinary map.
 */
final class WordNumbers {

    static final int UNKNOWN = -1;

    private final LongIntHashMap byHash = new LongIntHashMap();
    private final ObjectIntHashMap<String> sharingAHash = new ObjectIntHashMap<>();
    private final List<String> words = new ArrayList<>();

    /** The word's number, numbering it if new. */
    int add(String word) {
        int number = numberOf(word);
        if (number != UNKNOWN) {
            return number;
        }
        number = words.size();
        words.add(word);
        long hash = hash(word);
        if (byHash.containsKey(hash)) {
            sharingAHash.put(word, number);
        } else {
            byHash.put(hash, number);
        }
        return number;
    }

    int numberOf(String word) {
        int number = byHash.getOrDefault(hash(word), UNKNOWN);
        if (number != UNKNOWN && words.get(number).equals(word)) {
            return number;
        }
        return sharingAHash.isEmpty() ? UNKNOWN : sharingAHash.getOrDefault(word, UNKNOWN);
    }

    String word(int number) {
        return words.get(number);
    }

    int size() {
        return words.size();
    }

    /** A 64-bit polynomial hash of the characters, spread (not String's 32-bit hash, which a million words share often). */
    static long hash(String word) {
        long hash = 0;
        for (int i = 0; i < word.length(); i++) {
            hash = hash * 1_000_003L + word.charAt(i);
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash;
    }
}
