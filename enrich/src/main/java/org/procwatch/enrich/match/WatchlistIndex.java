package org.procwatch.enrich.match;

import com.carrotsearch.hppc.LongObjectHashMap;
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

    /** One name or alias of an entity; compared by identity, as each is made once. */
    static final class Variant {
        final WatchlistEntity entity;
        final String text;
        final List<String> core;
        final Set<String> legalForms;
        final String joined;
        double[] weights;
        double totalWeight;

        Variant(WatchlistEntity entity, String text, List<String> core, Set<String> legalForms) {
            this.entity = entity;
            this.text = text;
            this.core = core;
            this.legalForms = legalForms;
            this.joined = String.join("", core);
        }
    }

    /** The path from an entity to its listed firm. */
    record Resolution(WatchlistEntity listed, List<WatchlistEntity> chain) {
    }

    private final List<Variant> variants = new ArrayList<>();
    private final Map<String, List<Variant>> byToken = new HashMap<>();
    private final Map<String, List<Variant>> byJoined = new HashMap<>();
    /**
     * Each name under the set of its distinctive words, as the sum of their {@link #wordKey}s: how a crowded word still
     * finds its firm. A sum is a set's key whatever the order; two sets meeting on one only add a candidate to score.
     */
    private final LongObjectHashMap<List<Variant>> byDistinctiveWords = new LongObjectHashMap<>();
    /**
     * Each distinctive word of six letters or more under the hash of itself and of every one-letter deletion
     * of it. Hashes rather than strings spare building every deletion of every query word; a colliding hash
     * only adds a candidate that the edit-distance check then drops.
     */
    private final LongObjectHashMap<List<String>> byDeletion = new LongObjectHashMap<>();
    private final Map<String, List<WatchlistEntity>> byIdentifier = new HashMap<>();
    private final Map<String, WatchlistEntity> byId = new LinkedHashMap<>();
    private final double maxWeight;

    WatchlistIndex(Collection<WatchlistEntity> entities) {
        entities.forEach(entity -> byId.put(entity.getId(), entity));
        for (WatchlistEntity entity : byId.values()) {
            Set<String> names = new LinkedHashSet<>();
            names.add(entity.getName());
            names.addAll(entity.getAliases());
            for (String name : names) {
                NameNormalizer.NormalizedName normalized = NameNormalizer.normalize(name);
                if (normalized.core().isEmpty()) {
                    continue;
                }
                Variant variant = new Variant(entity, name, normalized.core(), Set.copyOf(normalized.legalForms()));
                variants.add(variant);
                // Each name once per word: a word's list is also how many names have it, its frequency.
                for (String token : new LinkedHashSet<>(variant.core)) {
                    byToken.computeIfAbsent(token, t -> new ArrayList<>()).add(variant);
                }
                byJoined.computeIfAbsent(variant.joined, j -> new ArrayList<>()).add(variant);
                List<String> distinctiveWords = variant.core.stream().filter(WatchlistIndex::distinctive).toList();
                if (!distinctiveWords.isEmpty()) {
                    long key = setKey(distinctiveWords);
                    List<Variant> named = byDistinctiveWords.get(key);
                    if (named == null) {
                        named = new ArrayList<>(1);
                        byDistinctiveWords.put(key, named);
                    }
                    named.add(variant);
                }
            }
            for (Identifier identifier : entity.getIdentifiers()) {
                byIdentifier.computeIfAbsent(Identifiers.key(identifier), k -> new ArrayList<>()).add(entity);
            }
        }
        for (String token : byToken.keySet()) {
            if (distinctive(token) && token.length() >= TYPO_MIN_LENGTH) {
                for (long key : deletionHashes(token)) {
                    List<String> words = byDeletion.get(key);
                    if (words == null) {
                        words = new ArrayList<>(1);
                        byDeletion.put(key, words);
                    }
                    if (!words.contains(token)) {
                        words.add(token);
                    }
                }
            }
        }
        maxWeight = Math.log(1.0 + Math.max(1, variants.size()));
        for (Variant variant : variants) {
            variant.weights = variant.core.stream().mapToDouble(this::weight).toArray();
            variant.totalWeight = java.util.Arrays.stream(variant.weights).sum();
        }
    }

    List<Variant> variants() {
        return variants;
    }

    List<Variant> withToken(String token) {
        return byToken.getOrDefault(token, List.of());
    }

    List<Variant> withJoined(String joined) {
        return byJoined.getOrDefault(joined, List.of());
    }

    /**
     * The names whose distinctive words are exactly the set whose key is this: the sum of the {@link #wordKey}s of
     * its words, each told once.
     */
    List<Variant> withDistinctiveWords(long setKey) {
        List<Variant> named = byDistinctiveWords.get(setKey);
        return named == null ? List.of() : named;
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
     * Indexed words that may be one typo away from {@code word}: those sharing a one-letter deletion with it
     * (symmetric deletion finds every word within one edit or one swap, and a few at two, by lookups alone).
     */
    Set<String> wordsNear(String word) {
        Set<String> near = new LinkedHashSet<>();
        if (word.length() >= TYPO_MIN_LENGTH) {
            for (long key : deletionHashes(word)) {
                List<String> words = byDeletion.get(key);
                if (words != null) {
                    near.addAll(words);
                }
            }
        }
        near.remove(word);
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

    /** How much a word says about identity: rare words weigh more, unknown words most, generic words little. */
    double weight(String token) {
        return weight(token, withToken(token).size());
    }

    /** The same, for a word in {@code frequency} names (its list from {@link #withToken}, already looked up). */
    double weight(String token, int frequency) {
        double weight = Math.log(1.0 + (double) variants.size() / frequency);
        if (Double.isInfinite(weight) || Double.isNaN(weight)) {
            weight = maxWeight;
        }
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
