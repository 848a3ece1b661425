package org.procwatch.enrich.match;

import org.procwatch.schemas.name.NameNormalizer;

import java.time.LocalDate;
import java.util.ArrayList;
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
    /** The most distinctive words of a party name whose combinations are looked up (2^6 - 1 lookups at most). */
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
        for (WatchlistIndex.Variant candidate : candidates(query)) {
            if (cannotReach(query, candidate)) {
                continue;
            }
            Scored scored = score(query, candidate);
            if (scored.score < threshold) {
                continue;
            }
            double score = scored.score;
            String explanation = scored.explanation();
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
     * A party name prepared once for scoring against many candidates: each word's list of names looked up once (at a
     * million names every lookup is a miss of the processor's caches), its weight and whether it is distinctive.
     */
    private static final class Query {
        final List<String> core;
        final List<String> legalForms;
        final String joined;
        final List<List<WatchlistIndex.Variant>> postings;
        final boolean[] distinctive;
        final double[] weights;
        final double totalWeight;

        Query(NameNormalizer.NormalizedName name, WatchlistIndex index) {
            this.core = name.core();
            this.legalForms = name.legalForms();
            this.joined = String.join("", core);
            this.postings = new ArrayList<>(core.size());
            this.distinctive = new boolean[core.size()];
            this.weights = new double[core.size()];
            double total = 0;
            for (int i = 0; i < core.size(); i++) {
                String token = core.get(i);
                List<WatchlistIndex.Variant> posting = index.withToken(token);
                postings.add(posting);
                distinctive[i] = WatchlistIndex.distinctive(token);
                weights[i] = index.weight(token, posting.size());
                total += weights[i];
            }
            this.totalWeight = total;
        }
    }

    /**
     * Names worth scoring: those sharing a distinctive word with the query, those with a word the query's
     * could be a typo of (when the query's word is no listed word itself), and those that are the query with
     * its words run together or split apart. Every step is a lookup or a bounded scan, so the work does not
     * grow with the watchlist.
     */
    private Set<WatchlistIndex.Variant> candidates(Query query) {
        // Variants compare by identity; insertion order keeps ties deterministic (a firm's own name comes first).
        Set<WatchlistIndex.Variant> candidates = new LinkedHashSet<>();
        List<String> distinctiveWords = new ArrayList<>();
        for (int t = 0; t < query.core.size(); t++) {
            String token = query.core.get(t);
            if (!query.distinctive[t]) {
                continue; // generic words ("technology") never decide a match, so they need not find candidates
            }
            if (!distinctiveWords.contains(token)) {
                distinctiveWords.add(token);
            }
            List<WatchlistIndex.Variant> posting = query.postings.get(t);
            if (posting.size() <= MAX_POSTINGS) {
                candidates.addAll(posting);
            }
            if (posting.isEmpty()) {
                // Only a word that is no listed word may be a typo of one; only a near word a typo could make is followed.
                for (String near : index.wordsNear(token)) {
                    List<WatchlistIndex.Variant> nearPosting = index.withToken(near);
                    if (nearPosting.size() <= MAX_POSTINGS && typoOf(token, near)) {
                        candidates.addAll(nearPosting);
                    }
                }
            }
        }
        // A word in too many names to follow (a listed firm's brand, shared by its many subsidiaries, as Huawei's is on
        // the Entity List) still finds the names whose distinctive words the party name all has, by their combination.
        // Each combination's key is the sum of its words' keys: no string is built for the up to 63 lookups.
        int combined = Math.min(distinctiveWords.size(), MAX_COMBINED_WORDS);
        long[] wordKeys = new long[combined];
        for (int i = 0; i < combined; i++) {
            wordKeys[i] = WatchlistIndex.wordKey(distinctiveWords.get(i));
        }
        for (int subset = 1; subset < 1 << combined; subset++) {
            long key = 0;
            for (int i = 0; i < combined; i++) {
                if ((subset & 1 << i) != 0) {
                    key += wordKeys[i];
                }
            }
            candidates.addAll(index.withDistinctiveWords(key));
        }
        candidates.addAll(index.withJoined(query.joined));
        for (int i = 0; i + 1 < query.core.size(); i++) {
            candidates.addAll(index.withToken(query.core.get(i) + query.core.get(i + 1)));
        }
        return candidates;
    }

    /** A candidate's score and, built only for a reported match, the words that explain it. */
    private record Scored(double score, WatchlistIndex.Variant variant, String how) {

        static final Scored NONE = new Scored(0, null, null);

        String explanation() {
            return "name " + how + " '" + variant.text + "'";
        }
    }

    private Scored score(Query query, WatchlistIndex.Variant variant) {
        if (query.joined.equals(variant.joined)) {
            boolean sameForm = legalFormsAgree(query.legalForms, variant);
            return new Scored(sameForm ? 1.0 : 0.97, variant, sameForm ? "equals" : "equals, but for the legal form,");
        }
        double matched = 0;
        boolean distinctiveMatched = false;
        boolean fuzzy = false;
        boolean[] used = new boolean[variant.core.size()];
        for (int q = 0; q < query.core.size(); q++) {
            String token = query.core.get(q);
            int hit = variant.core.indexOf(token);
            if (hit >= 0 && used[hit]) {
                hit = -1;
            }
            boolean exact = hit >= 0;
            if (!exact) {
                hit = closeToken(token, variant.core, used);
            }
            if (hit >= 0) {
                used[hit] = true;
                fuzzy |= !exact;
                matched += (exact ? 1.0 : 0.9) * Math.min(query.weights[q], variant.weights[hit]);
                distinctiveMatched |= WatchlistIndex.distinctive(variant.core.get(hit));
            }
        }
        if (!distinctiveMatched || matched == 0) {
            return Scored.NONE;
        }
        double score = 2 * matched / (query.totalWeight + variant.totalWeight);
        String how = fuzzy ? "close to" : "shares its distinctive words with";
        if (allUsed(used)) {
            // Every word of the watchlist name appears in the party name: "Hikvision UK Ltd" against "Hikvision".
            score = Math.max(score, fuzzy ? 0.86 : 0.9);
            how = fuzzy ? "contains, with a typo," : "contains";
        }
        if (!legalFormsAgree(query.legalForms, variant)) {
            score *= 0.97;
        }
        return new Scored(score, variant, how);
    }

    /**
     * Whether a candidate cannot score the threshold whatever its words: a name of more words than the query
     * cannot be contained in it, and then its score is at most {@code 2 * query weight / (query weight +
     * name weight)}, the query's words all matching. Most candidates of a large watchlist are names far heavier
     * than the party's, sharing one word with it; this spares scoring them word by word.
     */
    private boolean cannotReach(Query query, WatchlistIndex.Variant variant) {
        return variant.core.size() > query.core.size() && !query.joined.equals(variant.joined)
                && 2 * query.totalWeight / (query.totalWeight + variant.totalWeight) < threshold;
    }

    private static boolean allUsed(boolean[] used) {
        for (boolean u : used) {
            if (!u) {
                return false;
            }
        }
        return true;
    }

    private static boolean legalFormsAgree(List<String> legalForms, WatchlistIndex.Variant variant) {
        if (legalForms.isEmpty() || variant.legalForms.isEmpty()) {
            return true;
        }
        for (String form : legalForms) {
            if (variant.legalForms.contains(form)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The index of a variant word that a query word could be a typo of, or -1. Both must begin alike (typos
     * fall inside words; look-alike names such as "Hivision" or "Lorax" differ early), be six letters or
     * more, and differ by one swap of neighbouring letters (six or seven letters: a substitution there
     * turns "Huawei" into the real firm "Huawen"), one edit (eight), or two (nine and more).
     */
    private static int closeToken(String token, List<String> candidates, boolean[] used) {
        if (token.length() < WatchlistIndex.TYPO_MIN_LENGTH) {
            return -1;
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (!used[i] && typoOf(token, candidates.get(i))) {
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

    /** Whether {@code token} could be a typo of the listed word {@code candidate}, by the rules of {@link #closeToken}. */
    private static boolean typoOf(String token, String candidate) {
        if (token.length() < WatchlistIndex.TYPO_MIN_LENGTH || candidate.length() < WatchlistIndex.TYPO_MIN_LENGTH
                || !candidate.regionMatches(0, token, 0, 3)) {
            return false;
        }
        return token.length() <= 7
                ? EditDistance.isOneSwap(token, candidate)
                : EditDistance.atMost(token, candidate, token.length() >= 9 ? 2 : 1);
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
