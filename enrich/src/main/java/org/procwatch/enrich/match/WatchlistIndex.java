package org.procwatch.enrich.match;

import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.LongObjectHashMap;
import com.carrotsearch.hppc.ObjectIntHashMap;
import com.carrotsearch.hppc.cursors.LongObjectCursor;
import org.procwatch.schemas.name.NameNormalizer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * A watchlist prepared for matching: every name and alias normalised, with indexes from words, words one
 * typo away, names run together and identifiers to them, token weights (rare words weigh more), and each entity's way up to the
 * listed firm it leads to. Immutable; a changed watchlist gets a new index.
 *
 * <p>Words are numbered and names are numbered: a name is the array of its words' numbers, a word's names an array of
 * names' numbers, and a word's weight and whether it is distinctive sit in arrays by its number. At a million names
 * the index is far larger than the processor's caches, and each object followed on the way to a candidate is a miss;
 * numbers in arrays let a query reach its candidates, and score them, through few objects.
 */
final class WatchlistIndex {

    /**
     * Words that say nothing about who a firm is; a match needs at least one other word. These are the
     * words that make "Technology Company Limited" look like every firm in the sector.
     */
    static final Set<String> GENERIC = Set.of("technology", "technologies", "tech", "digital", "electronic", "electronics",
            "communication", "communications", "telecommunications", "system", "systems", "security", "secure",
            "network", "networks", "international", "group", "holding", "holdings", "service", "services", "solution",
            "solutions", "information", "science", "scientific", "trading", "industrial", "industries", "equipment",
            "global", "europe", "european", "uk", "usa", "us", "america", "americas", "china", "chinese", "british",
            "the", "of", "vision", "video", "camera", "cameras", "cctv", "surveillance", "smart", "intelligent",
            "products", "product", "supplies", "supply", "engineering", "operations", "installations", "lab", "labs",
            "new", "world", "data", "software", "hardware", "power", "energy", "media", "wisdom", "development",
            "hangzhou", "zhejiang", "shenzhen", "beijing", "shanghai", "chengdu", "company", "corporation");

    /** A word no name has. */
    static final int UNKNOWN = WordNumbers.UNKNOWN;

    private static final int[] NONE = new int[0];

    /** One name or alias of an entity, numbered in the order the watchlist gives them. */
    static final class Variant {
        final int id;
        final WatchlistEntity entity;
        final String text;
        final List<String> core;
        /** The legal forms' classes as bits ({@link WatchlistIndex#legalFormBits}); none when it has none. */
        final long legalFormBits;
        final String joined;
        final int joinedHash;
        /** How many words: read with the total weight to rule a candidate out before its words are read. */
        private final int size;
        /**
         * Each word as {@code weight << 32 | distinctive << 31 | number}, in order: scoring a candidate reads its words,
         * their weights and whether they are distinctive from this one array (one cache miss at a million names, not
         * one per word). A weight is a float: ample for a logarithm below 15, and the query's weights are the same floats.
         */
        private long[] words;
        private double totalWeight;

        Variant(int id, WatchlistEntity entity, String text, List<String> core, long legalFormBits) {
            this.id = id;
            this.entity = entity;
            this.text = text;
            this.core = core;
            this.legalFormBits = legalFormBits;
            this.joined = String.join("", core);
            this.joinedHash = joined.hashCode();
            this.size = core.size();
        }

        int size() {
            return size;
        }

        /** The number of the word at {@code i}. */
        int number(int i) {
            return (int) words[i] & Integer.MAX_VALUE;
        }

        float weight(int i) {
            return Float.intBitsToFloat((int) (words[i] >>> 32));
        }

        boolean distinctive(int i) {
            return (words[i] & DISTINCTIVE) != 0;
        }

        double totalWeight() {
            return totalWeight;
        }

        private static final long DISTINCTIVE = 1L << 31;

        private void weigh(int[] numbers, float[] weights, boolean[] distinctive) {
            words = new long[numbers.length];
            double total = 0;
            for (int i = 0; i < numbers.length; i++) {
                int number = numbers[i];
                words[i] = (long) Float.floatToRawIntBits(weights[number]) << 32 | (distinctive[number] ? DISTINCTIVE : 0) | number;
                total += weights[number];
            }
            totalWeight = total;
        }
    }

    /** The path from an entity to its listed firm. */
    record Resolution(WatchlistEntity listed, List<WatchlistEntity> chain) {
    }

    private final List<Variant> variants = new ArrayList<>();
    private final WordNumbers wordNumbers = new WordNumbers();
    /** A bit for each class of legal form the names have (NameNormalizer knows some thirty). */
    private final ObjectIntHashMap<String> legalFormBit = new ObjectIntHashMap<>();
    /**
     * By word number (the words themselves are in {@link #wordNumbers}): the names that have it (each once, so the length
     * is its frequency), its weight, whether it is distinctive, its {@link #typoKey}.
     */
    private final int[][] postings;
    private final float[] weights;
    private final boolean[] distinctive;
    private final int[] typoKeys;
    private final Map<String, int[]> byJoined = new HashMap<>();
    /**
     * Each name under the set of its distinctive words, as the sum of their {@link #wordKey}s: how a crowded word still
     * finds its firm. A sum is a set's key whatever the order; two sets meeting on one only add a candidate to score.
     */
    private final LongObjectHashMap<int[]> byDistinctiveWords = new LongObjectHashMap<>();
    /**
     * The numbers of the distinctive words of six letters or more under the hash of the word itself and of every
     * one-letter deletion of it. Hashes rather than strings spare building every deletion of every query word; a
     * colliding hash only adds a word that the typo check then drops.
     */
    private final LongObjectHashMap<int[]> byDeletion = new LongObjectHashMap<>();
    private final Map<String, List<WatchlistEntity>> byIdentifier = new HashMap<>();
    private final Map<String, WatchlistEntity> byId = new LinkedHashMap<>();
    private final double maxWeight;

    WatchlistIndex(Collection<WatchlistEntity> entities) {
        entities.forEach(entity -> byId.put(entity.getId(), entity));
        List<IntArrayList> postingLists = new ArrayList<>();
        Map<String, IntArrayList> joinedLists = new HashMap<>();
        LongObjectHashMap<IntArrayList> distinctiveLists = new LongObjectHashMap<>();
        List<int[]> variantWords = new ArrayList<>();
        for (WatchlistEntity entity : byId.values()) {
            Set<String> names = new LinkedHashSet<>();
            names.add(entity.getName());
            names.addAll(entity.getAliases());
            for (String name : names) {
                NameNormalizer.NormalizedName normalized = NameNormalizer.normalize(name);
                if (normalized.core().isEmpty()) {
                    continue;
                }
                int id = variants.size();
                List<String> core = new ArrayList<>(normalized.core().size());
                int[] numbers = new int[normalized.core().size()];
                for (int i = 0; i < numbers.length; i++) {
                    String word = normalized.core().get(i);
                    int number = wordNumbers.add(word);
                    if (number == postingLists.size()) {
                        postingLists.add(new IntArrayList(1));
                    }
                    numbers[i] = number;
                    core.add(wordNumbers.word(number)); // one String per word, however many names have it
                    IntArrayList posting = postingLists.get(number);
                    if (posting.isEmpty() || posting.get(posting.size() - 1) != id) {
                        posting.add(id); // each name once per word: a word's list is also how many names have it
                    }
                }
                giveBits(normalized.legalForms());
                Variant variant = new Variant(id, entity, name, List.copyOf(core), legalFormBits(normalized.legalForms()));
                variants.add(variant);
                variantWords.add(numbers);
                joinedLists.computeIfAbsent(variant.joined, j -> new IntArrayList(1)).add(id);
                List<String> distinctiveWords = variant.core.stream().filter(WatchlistIndex::distinctive).toList();
                if (!distinctiveWords.isEmpty()) {
                    listUnder(distinctiveLists, setKey(distinctiveWords)).add(id);
                }
            }
            for (Identifier identifier : entity.getIdentifiers()) {
                byIdentifier.computeIfAbsent(Identifiers.key(identifier), k -> new ArrayList<>()).add(entity);
            }
        }
        int wordCount = wordNumbers.size();
        postings = new int[wordCount][];
        weights = new float[wordCount];
        distinctive = new boolean[wordCount];
        typoKeys = new int[wordCount];
        maxWeight = Math.log(1.0 + Math.max(1, variants.size()));
        LongObjectHashMap<IntArrayList> deletionLists = new LongObjectHashMap<>();
        for (int number = 0; number < wordCount; number++) {
            String word = wordNumbers.word(number);
            postings[number] = postingLists.get(number).toArray();
            weights[number] = (float) weight(word, postings[number].length);
            distinctive[number] = distinctive(word);
            typoKeys[number] = typoKey(word);
            if (distinctive[number] && word.length() >= TYPO_MIN_LENGTH) {
                for (long key : deletionHashes(word)) {
                    IntArrayList near = listUnder(deletionLists, key);
                    if (!near.contains(number)) {
                        near.add(number);
                    }
                }
            }
        }
        joinedLists.forEach((joined, named) -> byJoined.put(joined, named.toArray()));
        freeze(distinctiveLists, byDistinctiveWords);
        freeze(deletionLists, byDeletion);
        for (Variant variant : variants) {
            variant.weigh(variantWords.get(variant.id), weights, distinctive);
        }
    }

    private void giveBits(List<String> legalForms) {
        for (String form : legalForms) {
            if (!legalFormBit.containsKey(form)) {
                if (legalFormBit.size() == Long.SIZE) {
                    throw new IllegalStateException("more than 64 classes of legal form: " + legalFormBit.size());
                }
                legalFormBit.put(form, legalFormBit.size());
            }
        }
    }

    private static IntArrayList listUnder(LongObjectHashMap<IntArrayList> lists, long key) {
        IntArrayList list = lists.get(key);
        if (list == null) {
            list = new IntArrayList(1);
            lists.put(key, list);
        }
        return list;
    }

    private static void freeze(LongObjectHashMap<IntArrayList> lists, LongObjectHashMap<int[]> arrays) {
        for (LongObjectCursor<IntArrayList> list : lists) {
            arrays.put(list.key, list.value.toArray());
        }
    }

    List<Variant> variants() {
        return variants;
    }

    Variant variant(int id) {
        return variants.get(id);
    }

    /** A word's number, or {@link #UNKNOWN} when no name has it. */
    int wordNumber(String word) {
        return wordNumbers.numberOf(word);
    }

    String word(int number) {
        return wordNumbers.word(number);
    }

    /** The numbers of the names that have the word, each once; its length is the word's frequency. */
    int[] postings(int number) {
        return number == UNKNOWN ? NONE : postings[number];
    }

    float weight(int number) {
        return weights[number];
    }

    boolean isDistinctive(int number) {
        return distinctive[number];
    }

    /** The word's {@link #typoKey}, read from an array of ints rather than from the word. */
    int typoKey(int number) {
        return typoKeys[number];
    }

    /**
     * A word's first three letters (hashed) and its length (up to 255) in one int, 0 for a word too short to be
     * corrected: what the typo rules look at first, so that most words are ruled out without being read.
     */
    static int typoKey(String word) {
        if (word.length() < TYPO_MIN_LENGTH) {
            return 0;
        }
        int beginning = (word.charAt(0) * 961 + word.charAt(1) * 31 + word.charAt(2)) & 0xFFFFFF;
        return Math.min(word.length(), 255) << 24 | beginning;
    }

    /** The numbers of the names that are this text with their words run together. */
    int[] withJoined(String joined) {
        return byJoined.getOrDefault(joined, NONE);
    }

    /**
     * The numbers of the names whose distinctive words are exactly the set whose key is this: the sum of the
     * {@link #wordKey}s of its words, each told once.
     */
    int[] withDistinctiveWords(long setKey) {
        int[] named = byDistinctiveWords.get(setKey);
        return named == null ? NONE : named;
    }

    /**
     * The bits of these classes of legal form; a class no name has has none, so it agrees with no name's.
     */
    long legalFormBits(Collection<String> forms) {
        long bits = 0;
        for (String form : forms) {
            int bit = legalFormBit.getOrDefault(form, -1);
            if (bit >= 0) {
                bits |= 1L << bit;
            }
        }
        return bits;
    }

    /** A word's part of the key of a set of words. */
    static long wordKey(String word) {
        return mix(word.hashCode() * 0x9E3779B97F4A7C15L + word.length(), word.length());
    }

    /** The key of a set of words, repeats told once, in any order. */
    static long setKey(Collection<String> words) {
        long key = 0;
        for (String word : new LinkedHashSet<>(words)) {
            key += wordKey(word);
        }
        return key;
    }

    /**
     * The numbers of indexed words that may be one typo away from {@code word}, not the word itself: those sharing a
     * one-letter deletion with it (symmetric deletion finds every word within one edit or one swap, and a few at two,
     * by lookups alone). A word may come more than once.
     */
    IntArrayList wordsNear(String word) {
        IntArrayList near = new IntArrayList();
        if (word.length() >= TYPO_MIN_LENGTH) {
            for (long key : deletionHashes(word)) {
                int[] numbers = byDeletion.get(key);
                if (numbers != null) {
                    for (int number : numbers) {
                        if (!wordNumbers.word(number).equals(word)) {
                            near.add(number);
                        }
                    }
                }
            }
        }
        return near;
    }

    /**
     * Hashes of the word itself and of each string made by deleting one of its letters, computed from prefix
     * hashes without building the strings.
     */
    static long[] deletionHashes(String word) {
        int n = word.length();
        long[] prefix = new long[n + 1];
        long[] power = new long[n + 1];
        power[0] = 1;
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] * HASH_BASE + word.charAt(i);
            power[i + 1] = power[i] * HASH_BASE;
        }
        long[] hashes = new long[n + 1];
        hashes[0] = mix(prefix[n], n);
        for (int i = 0; i < n; i++) {
            long suffix = prefix[n] - prefix[i + 1] * power[n - i - 1];
            hashes[i + 1] = mix(prefix[i] * power[n - i - 1] + suffix, n - 1);
        }
        return hashes;
    }

    private static final long HASH_BASE = 1_000_003L;

    /** Spreads a polynomial hash and folds in the length, so that strings of different lengths rarely meet. */
    private static long mix(long hash, int length) {
        long h = hash ^ ((long) length << 56);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    List<WatchlistEntity> withIdentifier(String key) {
        return byIdentifier.getOrDefault(key, List.of());
    }

    /**
     * How much a word in {@code frequency} names says about identity: rare words weigh more, unknown words (in none)
     * most, generic words little.
     */
    double weight(String token, int frequency) {
        double weight = frequency == 0 ? maxWeight : Math.log(1.0 + (double) variants.size() / frequency);
        return GENERIC.contains(token) ? weight * 0.25 : weight;
    }

    /** Shorter words are not corrected: a changed letter in them makes another word ("Lorex", "Lorax"). */
    static final int TYPO_MIN_LENGTH = 6;

    static boolean distinctive(String token) {
        return !GENERIC.contains(token) && token.codePointCount(0, token.length()) >= 2;
    }

    /**
     * The listed firm an entity leads to, following {@code parentId}, provided every relation on the way held
     * on {@code date} (when given); empty when a relation had ended or not begun, or the chain is broken.
     */
    Optional<Resolution> resolve(WatchlistEntity entity, LocalDate date) {
        List<WatchlistEntity> chain = new ArrayList<>();
        WatchlistEntity current = entity;
        while (current != null && chain.size() <= byId.size()) {
            chain.add(current);
            if (current.getRelation() == EntityRelation.listed) {
                return Optional.of(new Resolution(current, chain));
            }
            if (date != null && !VendorMatcher.holdsOn(current, date)) {
                return Optional.empty();
            }
            current = byId.get(current.getParentId());
        }
        return Optional.empty();
    }

}
