package org.procwatch.enrich.match;

import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.LongArrayList;
import org.procwatch.schemas.name.NameNormalizer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.ListVersion;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Links party names and identifiers to watchlist entities. Candidates come from indexes (identifiers,
 * distinctive words, words one typo away, names run together), never from a scan of the watchlist; each is scored by weighted
 * word overlap with typo tolerance, and every match says why. Matches below {@link #DEFAULT_THRESHOLD} are
 * not reported.
 */
public final class VendorMatcher {

    /**
     * The score a match needs to be reported. Chosen on the labelled evaluation set
     * ({@code enrich/src/test/resources/match/evaluation.tsv}): it keeps precision above 0.97 while
     * accepting one typo in a distinctive word and a legal form or location word more or less.
     */
    public static final double DEFAULT_THRESHOLD = 0.8;

    /**
     * Words shared by more names than this find no candidates: they are too common to say who a party is,
     * and following them would make the work grow with the watchlist.
     */
    private static final int MAX_POSTINGS = 64;
    /** The most crowded words of a party name whose combinations are looked up (2^6 - 1 lookups at most). */
    private static final int MAX_COMBINED_WORDS = 6;

    private final WatchlistIndex index;
    private final TextFinder textFinder;
    private final double threshold;

    public VendorMatcher(Collection<WatchlistEntity> watchlist) {
        this(watchlist, DEFAULT_THRESHOLD);
    }

    public VendorMatcher(Collection<WatchlistEntity> watchlist, double threshold) {
        this.index = new WatchlistIndex(watchlist);
        this.textFinder = new TextFinder(index);
        this.threshold = threshold;
    }

    /**
     * What a party stands for: its name (possibly "X t/a Y"), its identifiers (org-id form), the country it
     * is registered in (ISO alpha-2) and the date of the contract it appears in; all but the name optional.
     */
    public record Party(String name, List<Identifier> identifiers, String country, LocalDate date) {

        public Party {
            identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        }

        public static Party named(String name) {
            return new Party(name, List.of(), null, null);
        }
    }

    /** The entities a party name leads to, best first, at or above the threshold. */
    public List<VendorMatch> matchName(String name) {
        return matchParty(Party.named(name));
    }

    /** The entities a party leads to, by identifier or by name, best first, at or above the threshold. */
    public List<VendorMatch> matchParty(Party party) {
        Map<String, VendorMatch> best = new LinkedHashMap<>();
        for (Identifier identifier : party.identifiers()) {
            for (WatchlistEntity entity : index.withIdentifier(Identifiers.key(identifier))) {
                String text = identifier.getScheme() + "-" + identifier.getId();
                offer(best, entity, party.date(), 1.0, EvidenceKind.IDENTIFIER, text, text,
                        "identifier " + text + " is " + entity.getName() + "'s");
            }
        }
        if (party.name() != null && !party.name().isBlank()) {
            for (String tradingName : NameNormalizer.tradingNames(party.name())) {
                matchOneName(tradingName, party, best);
            }
        }
        return ranked(best);
    }

    /** Brands, firm names and product codes found in free text (titles, descriptions, items). */
    public List<VendorMatch> matchText(String text, LocalDate date) {
        Map<String, VendorMatch> best = new LinkedHashMap<>();
        for (TextFinder.Finding finding : textFinder.find(text)) {
            offer(best, finding.entity(), date, finding.score(), finding.kind(), finding.matchedText(), finding.matchedAgainst(),
                    finding.explanation());
        }
        return ranked(best);
    }

    private void matchOneName(String name, Party party, Map<String, VendorMatch> best) {
        Query query = new Query(NameNormalizer.normalize(name), index);
        if (query.core.isEmpty()) {
            return;
        }
        for (long entry : candidates(query)) {
            if (cannotReach(query, entry)) {
                continue;
            }
            int record = WatchlistIndex.recordOf(entry);
            Scored scored = score(query, record);
            if (scored.score < threshold) {
                continue;
            }
            WatchlistIndex.Variant candidate = index.variant(index.records().name(record));
            double score = scored.score;
            String explanation = scored.explanation(candidate);
            WatchlistEntity entity = candidate.entity;
            if (party.country() != null && !entity.getCountries().isEmpty() && !entity.getCountries().contains(party.country())) {
                score *= 0.85;
                explanation += "; registered in " + party.country() + ", not " + String.join("/", entity.getCountries());
            }
            EvidenceKind kind = entity.getRelation() == EntityRelation.brand ? EvidenceKind.BRAND : EvidenceKind.NAME;
            offer(best, entity, party.date(), score, kind, name, candidate.text, explanation);
        }
    }

    /**
     * A party name prepared once for scoring against many candidates: each word's number looked up once (at a
     * million names every lookup is a miss of the processor's caches), its weight and whether it is distinctive.
     */
    private static final class Query {
        final List<String> core;
        final boolean hasLegalForm;
        final long legalFormBits;
        final String joined;
        final long joinedKey;
        /** The names that are the query with its words run together (and perhaps one whose text shares the hash). */
        final long[] joinedNames;
        /** Each word's number in the index, or {@link WatchlistIndex#UNKNOWN}. */
        final int[] words;
        final boolean[] distinctive;
        /** Each word's {@link WatchlistIndex#typoKey}. */
        final int[] typoKeys;
        final double[] weights;
        final double totalWeight;

        Query(NameNormalizer.NormalizedName name, WatchlistIndex index) {
            this.core = name.core();
            this.hasLegalForm = !name.legalForms().isEmpty();
            this.legalFormBits = index.legalFormBits(name.legalForms());
            this.joined = String.join("", core);
            this.joinedKey = WordTable.hash(joined);
            this.joinedNames = index.withJoined(joinedKey);
            this.words = new int[core.size()];
            this.distinctive = new boolean[core.size()];
            this.typoKeys = new int[core.size()];
            this.weights = new double[core.size()];
            double total = 0;
            for (int i = 0; i < core.size(); i++) {
                String token = core.get(i);
                int number = index.wordNumber(token);
                words[i] = number;
                typoKeys[i] = WatchlistIndex.typoKey(token);
                if (number == WatchlistIndex.UNKNOWN) {
                    distinctive[i] = WatchlistIndex.distinctive(token);
                    weights[i] = (float) index.weight(token, 0); // floats, as the names' weights are
                } else {
                    distinctive[i] = index.isDistinctive(number);
                    weights[i] = index.weight(number);
                }
                total += weights[i];
            }
            this.totalWeight = total;
        }

        boolean sameJoined(int record, WatchlistIndex index) {
            NameRecords records = index.records();
            return joinedKey == records.joinedKey(record) && joined.equals(index.variant(records.name(record)).joined);
        }

        /** Whether the name of this entry may be the query with its words run together: read from the query alone. */
        boolean mayBeJoined(long entry) {
            for (long joinedName : joinedNames) {
                if (joinedName == entry) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The {@link WatchlistIndex#entry entries} of the names worth scoring, in the watchlist's order (a firm's own name
     * before its aliases, so ties are settled alike every time): those sharing a distinctive word with the query, those
     * with a word the query's could be a typo of (when the query's word is no listed word itself), and those that are the
     * query with its words run together or split apart. Every step is a lookup or a bounded scan, so the work does not grow with the watchlist.
     */
    private long[] candidates(Query query) {
        LongArrayList candidates = new LongArrayList();
        List<String> crowdedWords = new ArrayList<>();
        for (int t = 0; t < query.core.size(); t++) {
            String token = query.core.get(t);
            if (!query.distinctive[t]) {
                continue; // generic words ("technology") never decide a match, so they need not find candidates
            }
            if (query.words[t] != WatchlistIndex.UNKNOWN) {
                if (index.frequency(query.words[t]) <= MAX_POSTINGS) {
                    index.addNames(query.words[t], candidates);
                } else if (!crowdedWords.contains(token)) {
                    crowdedWords.add(token);
                }
                continue;
            }
            // Only a word that is no listed word may be a typo of one; only a near word a typo could make is followed.
            IntArrayList near = index.wordsNear(token);
            for (int i = 0; i < near.size(); i++) {
                int number = near.get(i);
                if (mayBeTypoOf(query.typoKeys[t], index.typoKey(number)) && index.frequency(number) <= MAX_POSTINGS
                        && typoOf(token, index.word(number))) {
                    index.addNames(number, candidates);
                }
            }
        }
        // A word in too many names to follow (a listed firm's brand, shared by its many subsidiaries, as Huawei's is on
        // the Entity List) still finds the names whose distinctive words the party name all has, by their combination.
        // Only combinations of such crowded words are looked up: a name with a word followed above is a candidate
        // already, and no name has a word the watchlist does not know. Each combination's key is the sum of its words'
        // keys: no string is built for the lookups.
        int combined = Math.min(crowdedWords.size(), MAX_COMBINED_WORDS);
        long[] wordKeys = new long[combined];
        for (int i = 0; i < combined; i++) {
            wordKeys[i] = WatchlistIndex.wordKey(crowdedWords.get(i));
        }
        for (int subset = 1; subset < 1 << combined; subset++) {
            long key = 0;
            for (int i = 0; i < combined; i++) {
                if ((subset & 1 << i) != 0) {
                    key += wordKeys[i];
                }
            }
            candidates.add(index.withDistinctiveWords(key));
        }
        candidates.add(query.joinedNames);
        for (int i = 0; i + 1 < query.core.size(); i++) {
            index.addNames(index.wordNumber(query.core.get(i), query.core.get(i + 1)), candidates);
        }
        return distinctSorted(candidates);
    }

    /**
     * The entries once each, in the order of their names' numbers (an entry's upper half): a sort of a few dozen longs
     * costs less than a set of them.
     */
    private static long[] distinctSorted(LongArrayList entries) {
        long[] sorted = entries.toArray();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (distinct == 0 || sorted[i] != sorted[distinct - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return distinct == sorted.length ? sorted : Arrays.copyOf(sorted, distinct);
    }

    /** A candidate's score and, built only for a reported match, the words that explain it. */
    private record Scored(double score, String how) {

        static final Scored NONE = new Scored(0, null);

        String explanation(WatchlistIndex.Variant variant) {
            return "name " + how + " '" + variant.text + "'";
        }
    }

    /**
     * The score of the name whose record begins at {@code record} in the {@link NameRecords}: read from the record, and its
     * text when it may be the query's.
     */
    private Scored score(Query query, int record) {
        NameRecords records = index.records();
        if (query.sameJoined(record, index)) {
            boolean sameForm = legalFormsAgree(query, record);
            return new Scored(sameForm ? 1.0 : 0.97, sameForm ? "equals" : "equals, but for the legal form,");
        }
        double matched = 0;
        boolean distinctiveMatched = false;
        boolean fuzzy = false;
        boolean[] used = new boolean[records.size(record)];
        for (int q = 0; q < query.words.length; q++) {
            int hit = exactWord(query.words[q], records, record, used);
            boolean exact = hit >= 0;
            if (!exact) {
                hit = closeWord(query, q, record, used);
            }
            if (hit >= 0) {
                used[hit] = true;
                fuzzy |= !exact;
                matched += (exact ? 1.0 : 0.9) * Math.min(query.weights[q], records.weight(record, hit));
                distinctiveMatched |= records.distinctive(record, hit);
            }
        }
        if (!distinctiveMatched || matched == 0) {
            return Scored.NONE;
        }
        double score = 2 * matched / (query.totalWeight + records.totalWeight(record));
        String how = fuzzy ? "close to" : "shares its distinctive words with";
        if (allUsed(used)) {
            // Every word of the watchlist name appears in the party name: "Hikvision UK Ltd" against "Hikvision".
            score = Math.max(score, fuzzy ? 0.86 : 0.9);
            how = fuzzy ? "contains, with a typo," : "contains";
        }
        if (!legalFormsAgree(query, record)) {
            score *= 0.97;
        }
        return new Scored(score, how);
    }

    /** The index of the first unused word of a name that is the query's word (by number), or -1. */
    private static int exactWord(int number, NameRecords records, int record, boolean[] used) {
        if (number == WatchlistIndex.UNKNOWN) {
            return -1;
        }
        for (int i = 0; i < used.length; i++) {
            if (records.number(record, i) == number && !used[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a candidate cannot score the threshold whatever its words: a name of more words than the query
     * cannot be contained in it, and then its score is at most {@code 2 * query weight / (query weight +
     * name weight)}, the query's words all matching. Most candidates of a large watchlist are names far heavier
     * than the party's, sharing one word with it; this spares scoring them word by word, and reading them at all: the
     * entry tells a size and a weight no more than the name's, and a lighter name only reaches higher.
     */
    private boolean cannotReach(Query query, long entry) {
        return WatchlistIndex.sizeAtMost(entry) > query.words.length
                && 2 * query.totalWeight / (query.totalWeight + WatchlistIndex.weightAtMost(entry)) < threshold
                && !query.mayBeJoined(entry);
    }

    private static boolean allUsed(boolean[] used) {
        for (boolean u : used) {
            if (!u) {
                return false;
            }
        }
        return true;
    }

    /** Whether the two say nothing of their legal forms, or share one. */
    private boolean legalFormsAgree(Query query, int record) {
        long bits = index.records().legalFormBits(record);
        return !query.hasLegalForm || bits == 0 || (query.legalFormBits & bits) != 0;
    }

    /**
     * The index of an unused word of a name that a query word could be a typo of, or -1. Both must begin alike (typos
     * fall inside words; look-alike names such as "Hivision" or "Lorax" differ early), be six letters or
     * more, and differ by one swap of neighbouring letters (six or seven letters: a substitution there
     * turns "Huawei" into the real firm "Huawen"), one edit (eight), or two (nine and more).
     */
    private int closeWord(Query query, int q, int record, boolean[] used) {
        NameRecords records = index.records();
        int key = query.typoKeys[q];
        if (key == 0) {
            return -1;
        }
        for (int i = 0; i < used.length; i++) {
            if (!used[i] && mayBeTypoOf(key, records.typoKey(record, i))
                    && typoOf(query.core.get(q), index.word(records.number(record, i)))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether an entity's listing or relation holds on a day: from its {@code validFrom} to its {@code validTo}, both included. */
    public static boolean holdsOn(WatchlistEntity entity, LocalDate date) {
        return (entity.getValidFrom() == null || !date.isBefore(entity.getValidFrom()))
                && (entity.getValidTo() == null || !date.isAfter(entity.getValidTo()));
    }

    /**
     * Whether the words of these {@link WatchlistIndex#typoKey}s begin alike and are of lengths a typo allows ({@link
     * #typoOf} for the rest). At a million names reading a word is a miss of the caches or three, and most candidates'
     * words are ruled out here without.
     */
    private static boolean mayBeTypoOf(int tokenKey, int candidateKey) {
        if (tokenKey == 0 || candidateKey == 0 || (tokenKey & 0xFFFFFF) != (candidateKey & 0xFFFFFF)) {
            return false;
        }
        return Math.abs((tokenKey >>> 24) - (candidateKey >>> 24)) <= editsAllowed(tokenKey >>> 24);
    }

    /** The edits a typo of a word this long may make beyond one swap: none up to seven letters, one at eight, two beyond. */
    private static int editsAllowed(int length) {
        return length >= 9 ? 2 : length == 8 ? 1 : 0;
    }

    /** Whether {@code token} could be a typo of the listed word {@code candidate}, by the rules of {@link #closeWord}. */
    private static boolean typoOf(String token, String candidate) {
        if (token.length() < WatchlistIndex.TYPO_MIN_LENGTH || candidate.length() < WatchlistIndex.TYPO_MIN_LENGTH
                || !candidate.regionMatches(0, token, 0, 3)) {
            return false;
        }
        int edits = editsAllowed(token.length());
        return edits == 0 ? EditDistance.isOneSwap(token, candidate) : EditDistance.atMost(token, candidate, edits);
    }

    private void offer(Map<String, VendorMatch> best, WatchlistEntity entity, LocalDate date, double score, EvidenceKind kind,
                       String matchedText, String matchedAgainst, String explanation) {
        if (score < threshold) {
            return;
        }
        index.resolve(entity, date).ifPresent(resolution -> {
            VendorMatch previous = best.get(entity.getId());
            if (previous != null && previous.score() >= score) {
                return;
            }
            WatchlistEntity listed = resolution.listed();
            Set<String> lists = new LinkedHashSet<>(listed.getLists());
            lists.addAll(entity.getLists());
            Map<String, ListVersion> versions = new LinkedHashMap<>();
            for (WatchlistEntity named : List.of(listed, entity)) {
                named.getListVersions().forEach(version -> versions.putIfAbsent(version.getName(), version));
            }
            String via = resolution.chain().size() > 1
                    ? " (" + entity.getRelation() + " of " + listed.getName() + ")" : "";
            best.put(entity.getId(), new VendorMatch(entity.getId(), entity.getName(), listed.getId(), listed.getName(),
                    entity.getRelation().name(), List.copyOf(lists), List.copyOf(versions.values()), Math.round(score * 1000) / 1000.0, kind,
                    matchedText, matchedAgainst, explanation + via,
                    resolution.chain().stream().map(WatchlistEntity::getId).toList()));
        });
    }

    private static List<VendorMatch> ranked(Map<String, VendorMatch> best) {
        List<VendorMatch> matches = new ArrayList<>(best.values());
        matches.sort(Comparator.comparingDouble(VendorMatch::score).reversed());
        return matches;
    }
}
