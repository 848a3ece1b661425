package org.procwatch.enrich.match;

import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.LongArrayList;
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
 * <p>Words are numbered and names are numbered: what scoring reads of a name is one array ({@link NameRecords}), and
 * what a query reads of a word (its letters, weight, whether it is distinctive, its names) one block ({@link WordTable}). At a million names
 * the index is far larger than the processor's caches, and each object followed on the way to a candidate is a miss;
 * numbers in arrays let a query reach its candidates, and score them, through few objects. The lists of names hold
 * {@link #entry entries}: where a name's record begins, with what rules most candidates out before the record is read.
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
    static final int UNKNOWN = WordTable.UNKNOWN;

    private static final long[] NONE = new long[0];

    /** One name or alias of an entity, numbered in the order the watchlist gives them. */
    static final class Variant {
        final int id;
        final WatchlistEntity entity;
        final String text;
        final List<String> core;
        /** The legal forms' classes as bits ({@link WatchlistIndex#legalFormBits}); none when it has none. */
        final long legalFormBits;
        final String joined;
        /** The {@link WordTable#hash} of {@link #joined}. */
        final long joinedKey;

        Variant(int id, WatchlistEntity entity, String text, List<String> core, long legalFormBits) {
            this.id = id;
            this.entity = entity;
            this.text = text;
            this.core = core;
            this.legalFormBits = legalFormBits;
            this.joined = String.join("", core);
            this.joinedKey = WordTable.hash(joined);
        }
    }

    /**
     * A name in a list of names: {@code where its record begins << 32 | min(size, 255) << 24 | a weight no more than its
     * total (a float's upper 24 bits)}. The records lie in the names' order, so entries sort as their names do. Most candidates at a million names are names far heavier than the query, sharing one word with
     * it; the entry rules them out ({@link VendorMatcher}'s bound) without reading the name, a miss or two of the
     * processor's caches each. The size and weight err low, so that the bound only ever rules out fewer.
     */
    static long entry(int recordStart, int size, double totalWeight) {
        float weight = (float) totalWeight;
        if (weight > totalWeight) {
            weight = Math.nextDown(weight);
        }
        return (long) recordStart << 32 | (long) Math.min(size, 255) << 24 | Float.floatToRawIntBits(weight) >>> 8;
    }

    /** Where the name's record begins in the {@link NameRecords}. */
    static int recordOf(long entry) {
        return (int) (entry >>> 32);
    }

    /** The name's size, or 255 when it has more words. */
    static int sizeAtMost(long entry) {
        return (int) (entry >>> 24) & 0xFF;
    }

    static double weightAtMost(long entry) {
        return Float.intBitsToFloat((int) entry << 8);
    }

    /** The path from an entity to its listed firm. */
    record Resolution(WatchlistEntity listed, List<WatchlistEntity> chain) {
    }

    private final List<Variant> variants = new ArrayList<>();
    /** {@link #variants} as an array, to reach a candidate through one object fewer. */
    private final Variant[] variantArray;
    /** What scoring reads of each name. */
    private final NameRecords records;
    /** By word number: the word, its weight, whether it is distinctive, its {@link #typoKey} and its names. */
    private final WordTable words;
    /** A bit for each class of legal form the names have (NameNormalizer knows some thirty). */
    private final ObjectIntHashMap<String> legalFormBit = new ObjectIntHashMap<>();
    /**
     * The names under the {@link WordTable#hash} of their words run together. The score compares the strings; a hash
     * another text shares only adds a candidate to score.
     */
    private final FilteredMap<long[]> byJoined;
    /**
     * Each name under the set of its distinctive words, as the sum of their {@link #wordKey}s: how a crowded word still
     * finds its firm. A sum is a set's key whatever the order; two sets meeting on one only add a candidate to score.
     */
    private final FilteredMap<long[]> byDistinctiveWords;
    /**
     * The numbers of the distinctive words of six letters or more under the hash of the word itself and of every
     * one-letter deletion of it. Hashes rather than strings spare building every deletion of every query word; a
     * colliding hash only adds a word that the typo check then drops.
     */
    private final FilteredMap<int[]> byDeletion;
    private final Map<String, List<WatchlistEntity>> byIdentifier = new HashMap<>();
    private final Map<String, WatchlistEntity> byId = new LinkedHashMap<>();
    private final double maxWeight;

    WatchlistIndex(Collection<WatchlistEntity> entities) {
        entities.forEach(entity -> byId.put(entity.getId(), entity));
        WordTable.Builder wordsRead = new WordTable.Builder();
        LongObjectHashMap<IntArrayList> joinedLists = new LongObjectHashMap<>();
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
                    numbers[i] = wordsRead.add(normalized.core().get(i), id);
                    core.add(wordsRead.word(numbers[i]));
                }
                giveBits(normalized.legalForms());
                Variant variant = new Variant(id, entity, name, List.copyOf(core), legalFormBits(normalized.legalForms()));
                variants.add(variant);
                variantWords.add(numbers);
                listUnder(joinedLists, variant.joinedKey).add(id);
                List<String> distinctiveWords = variant.core.stream().filter(WatchlistIndex::distinctive).toList();
                if (!distinctiveWords.isEmpty()) {
                    listUnder(distinctiveLists, setKey(distinctiveWords)).add(id);
                }
            }
            for (Identifier identifier : entity.getIdentifiers()) {
                byIdentifier.computeIfAbsent(Identifiers.key(identifier), k -> new ArrayList<>()).add(entity);
            }
        }
        variantArray = variants.toArray(new Variant[0]);
        maxWeight = Math.log(1.0 + Math.max(1, variants.size()));
        int wordCount = wordsRead.size();
        float[] weights = new float[wordCount];
        boolean[] distinctive = new boolean[wordCount];
        int[] typoKeys = new int[wordCount];
        for (int number = 0; number < wordCount; number++) {
            String word = wordsRead.word(number);
            weights[number] = (float) weight(word, wordsRead.frequency(number));
            distinctive[number] = distinctive(word);
            typoKeys[number] = typoKey(word);
        }
        double[] totalWeights = new double[variantArray.length];
        long[] entries = new long[variantArray.length];
        NameRecords.Builder recordsRead = new NameRecords.Builder(variantWords.stream().mapToInt(numbers -> numbers.length).toArray());
        for (int id = 0; id < variantArray.length; id++) {
            for (int number : variantWords.get(id)) {
                totalWeights[id] += weights[number];
            }
            entries[id] = entry(recordsRead.start(id), variantWords.get(id).length, totalWeights[id]);
        }
        words = wordsRead.build(weights, distinctive, typoKeys, id -> entries[id]);
        for (Variant variant : variantArray) {
            int[] numbers = variantWords.get(variant.id);
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = wordsRead.numberInTable(numbers[i]);
            }
            recordsRead.put(variant.id, variant.joinedKey, variant.legalFormBits, numbers, words, totalWeights[variant.id]);
        }
        records = recordsRead.build();
        LongObjectHashMap<IntArrayList> deletionLists = new LongObjectHashMap<>();
        for (int number = 0; number < wordCount; number++) {
            String word = wordsRead.word(number);
            if (distinctive[number] && word.length() >= TYPO_MIN_LENGTH) {
                for (long key : deletionHashes(word)) {
                    IntArrayList near = listUnder(deletionLists, key);
                    int inTable = wordsRead.numberInTable(number);
                    if (!near.contains(inTable)) {
                        near.add(inTable);
                    }
                }
            }
        }
        byJoined = new FilteredMap<>(entriesUnder(joinedLists, entries));
        byDistinctiveWords = new FilteredMap<>(entriesUnder(distinctiveLists, entries));
        LongObjectHashMap<int[]> deletions = new LongObjectHashMap<>(deletionLists.size());
        for (LongObjectCursor<IntArrayList> near : deletionLists) {
            deletions.put(near.key, near.value.toArray());
        }
        byDeletion = new FilteredMap<>(deletions);
    }

    private static LongObjectHashMap<long[]> entriesUnder(LongObjectHashMap<IntArrayList> lists, long[] entries) {
        LongObjectHashMap<long[]> frozen = new LongObjectHashMap<>(lists.size());
        for (LongObjectCursor<IntArrayList> list : lists) {
            long[] named = new long[list.value.size()];
            for (int i = 0; i < named.length; i++) {
                named[i] = entries[list.value.get(i)];
            }
            frozen.put(list.key, named);
        }
        return frozen;
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

    List<Variant> variants() {
        return variants;
    }

    Variant variant(int id) {
        return variantArray[id];
    }

    /** What scoring reads of the names, each where its {@link #entry} says. */
    NameRecords records() {
        return records;
    }

    /** A word's number, or {@link #UNKNOWN} when no name has it. */
    int wordNumber(String word) {
        return words.numberOf(word);
    }

    /** The number of the word that is these two run together, or {@link #UNKNOWN}. */
    int wordNumber(String first, String second) {
        return words.numberOf(first, second);
    }

    String word(int number) {
        return words.word(number);
    }

    /** How many names have the word: none for {@link #UNKNOWN}. */
    int frequency(int number) {
        return words.frequency(number);
    }

    /** Adds the {@link #entry entries} of the names that have the word, each once (none for {@link #UNKNOWN}). */
    void addNames(int number, LongArrayList to) {
        words.addNames(number, to);
    }

    float weight(int number) {
        return words.weight(number);
    }

    boolean isDistinctive(int number) {
        return words.isDistinctive(number);
    }

    /** The word's {@link #typoKey}, read with the rest of the word's facts rather than from the word. */
    int typoKey(int number) {
        return words.typoKey(number);
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

    /**
     * The {@link #entry entries} of the names whose words run together have this {@link WordTable#hash}: those that
     * are the text with its words run together, and perhaps another whose text shares the hash.
     */
    long[] withJoined(long joinedKey) {
        long[] named = byJoined.get(joinedKey);
        return named == null ? NONE : named;
    }

    /**
     * The {@link #entry entries} of the names whose distinctive words are exactly the set whose key is this: the sum of
     * the {@link #wordKey}s of its words, each told once.
     */
    long[] withDistinctiveWords(long setKey) {
        long[] named = byDistinctiveWords.get(setKey);
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
     * The numbers of listed words that may be one typo away from {@code unlisted}, a word no name has (so none is the
     * word itself, and no word need be read to tell): those sharing a one-letter deletion with it (symmetric deletion
     * finds every word within one edit or one swap, and a few at two, by lookups alone). Each once.
     */
    IntArrayList wordsNear(String unlisted) {
        IntArrayList near = new IntArrayList();
        if (unlisted.length() >= TYPO_MIN_LENGTH) {
            for (long key : deletionHashes(unlisted)) {
                int[] numbers = byDeletion.get(key);
                if (numbers != null) {
                    for (int number : numbers) {
                        if (!near.contains(number)) {
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
