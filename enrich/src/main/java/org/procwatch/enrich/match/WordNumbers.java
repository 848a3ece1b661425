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
    /** The hashes' filter, once every word is added ({@link #seal}); most words looked up are no word. */
    private KeyFilter hashes;

    /** The word's number, numbering it if new. */
    int add(String word) {
        if (hashes != null) {
            throw new IllegalStateException("words are sealed: a word added now would be missing from the filter");
        }
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

    /** Every word added: lookups from now on rule most unknown words out from the filter. */
    void seal() {
        hashes = KeyFilter.of(byHash.keys());
    }

    int numberOf(String word) {
        int number = numberUnder(hash(word));
        if (number != UNKNOWN && words.get(number).equals(word)) {
            return number;
        }
        return sharingAHash.isEmpty() ? UNKNOWN : sharingAHash.getOrDefault(word, UNKNOWN);
    }

    /**
     * The number of the word that is these two run together, without building it: a query looks up each pair of its
     * neighbouring words, and nearly all are no word.
     */
    int numberOf(String first, String second) {
        int number = numberUnder(spread(polynomial(polynomial(0, first), second)));
        if (number != UNKNOWN && isJoined(words.get(number), first, second)) {
            return number;
        }
        return sharingAHash.isEmpty() ? UNKNOWN : sharingAHash.getOrDefault(first + second, UNKNOWN);
    }

    /**
     * The number of the word first given this hash, or {@link #UNKNOWN}; once sealed, most hashes no word has are told
     * by the filter. A word kept apart for sharing another's hash has its hash in the filter too.
     */
    private int numberUnder(long hash) {
        return hashes != null && !hashes.mayContain(hash) ? UNKNOWN : byHash.getOrDefault(hash, UNKNOWN);
    }

    private static boolean isJoined(String word, String first, String second) {
        return word.length() == first.length() + second.length() && word.startsWith(first) && word.startsWith(second, first.length());
    }

    String word(int number) {
        return words.get(number);
    }

    int size() {
        return words.size();
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
}
