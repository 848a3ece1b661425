package org.procwatch.enrich.match;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Links party names and identifiers to watchlist entities. Candidates come from indexes (identifiers,
 * distinctive words, character trigrams), never from a scan of the watchlist; each is scored by weighted
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

    /** At most this many of a query's rarest trigrams look for candidates, which bounds the work per name. */
    private static final int TRIGRAM_PROBES = 8;

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
        NameNormalizer.NormalizedName query = NameNormalizer.normalize(name);
        if (query.core().isEmpty()) {
            return;
        }
        for (WatchlistIndex.Variant candidate : candidates(query)) {
            Scored scored = score(query, candidate);
            if (scored.score <= 0) {
                continue;
            }
            double score = scored.score;
            String explanation = scored.explanation;
            WatchlistEntity entity = candidate.entity();
            if (party.country() != null && !entity.getCountries().isEmpty() && !entity.getCountries().contains(party.country())) {
                score *= 0.85;
                explanation += "; registered in " + party.country() + ", not " + String.join("/", entity.getCountries());
            }
            EvidenceKind kind = entity.getRelation() == org.procwatch.schemas.avro.EntityRelation.brand ? EvidenceKind.BRAND : EvidenceKind.NAME;
            offer(best, entity, party.date(), score, kind, name, candidate.text(), explanation);
        }
    }

    private Set<WatchlistIndex.Variant> candidates(NameNormalizer.NormalizedName query) {
        Set<WatchlistIndex.Variant> candidates = new LinkedHashSet<>();
        for (String token : query.core()) {
            candidates.addAll(index.withToken(token));
        }
        // Trigrams find names with a typo or with words run together; the rarest ones are enough.
        List<String> trigrams = new ArrayList<>(new LinkedHashSet<>(WatchlistIndex.trigrams(String.join("", query.core()))));
        trigrams.sort(Comparator.comparingInt(t -> index.withTrigram(t).size()));
        Map<WatchlistIndex.Variant, Integer> shared = new HashMap<>();
        for (String trigram : trigrams.subList(0, Math.min(TRIGRAM_PROBES, trigrams.size()))) {
            for (WatchlistIndex.Variant variant : index.withTrigram(trigram)) {
                shared.merge(variant, 1, Integer::sum);
            }
        }
        int needed = Math.max(2, Math.min(TRIGRAM_PROBES, trigrams.size()) / 2);
        shared.forEach((variant, count) -> {
            if (count >= needed) {
                candidates.add(variant);
            }
        });
        return candidates;
    }

    private record Scored(double score, String explanation) {
    }

    private Scored score(NameNormalizer.NormalizedName query, WatchlistIndex.Variant variant) {
        String joinedQuery = String.join("", query.core());
        if (joinedQuery.equals(variant.joined())) {
            double score = legalFormsAgree(query, variant) ? 1.0 : 0.97;
            return new Scored(score, "name equals '" + variant.text() + "'" + (score < 1 ? " apart from the legal form" : ""));
        }
        double queryWeight = 0;
        double variantWeight = 0;
        double matched = 0;
        boolean distinctiveMatched = false;
        boolean fuzzy = false;
        Set<String> unmatchedVariant = new LinkedHashSet<>(variant.core());
        for (String token : variant.core()) {
            variantWeight += index.weight(token);
        }
        for (String token : query.core()) {
            double weight = index.weight(token);
            queryWeight += weight;
            String hit = unmatchedVariant.contains(token) ? token : closeToken(token, unmatchedVariant);
            if (hit != null) {
                unmatchedVariant.remove(hit);
                boolean exact = hit.equals(token);
                fuzzy |= !exact;
                matched += (exact ? 1.0 : 0.9) * Math.min(weight, index.weight(hit));
                distinctiveMatched |= WatchlistIndex.distinctive(hit);
            }
        }
        if (!distinctiveMatched || matched == 0) {
            return new Scored(0, "");
        }
        double dice = 2 * matched / (queryWeight + variantWeight);
        double score = dice;
        String how = fuzzy ? "close to" : "shares its distinctive words with";
        if (unmatchedVariant.isEmpty()) {
            // Every word of the watchlist name appears in the party name: "Hikvision UK Ltd" against "Hikvision".
            score = Math.max(score, fuzzy ? 0.86 : 0.9);
            how = fuzzy ? "contains, with a typo," : "contains";
        }
        if (!legalFormsAgree(query, variant)) {
            score *= 0.97;
        }
        return new Scored(score, "name " + how + " '" + variant.text() + "'");
    }

    private static boolean legalFormsAgree(NameNormalizer.NormalizedName query, WatchlistIndex.Variant variant) {
        if (query.legalForms().isEmpty() || variant.legalForms().isEmpty()) {
            return true;
        }
        return query.legalForms().stream().anyMatch(variant.legalForms()::contains);
    }

    /**
     * A variant word within one edit (two for long words) of a query word of six letters or more that begins
     * the same way: typos fall inside words, while look-alike names differ early ("Hivision", "Lorax").
     */
    private static String closeToken(String token, Set<String> candidates) {
        if (token.length() < 6) {
            return null;
        }
        int allowed = token.length() >= 9 ? 2 : 1;
        for (String candidate : candidates) {
            if (candidate.length() >= 6 && candidate.regionMatches(0, token, 0, 3)
                    && EditDistance.atMost(token, candidate, allowed)) {
                return candidate;
            }
        }
        return null;
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
            String via = resolution.chain().size() > 1
                    ? " (" + entity.getRelation() + " of " + listed.getName() + ")" : "";
            best.put(entity.getId(), new VendorMatch(entity.getId(), entity.getName(), listed.getId(), listed.getName(),
                    entity.getRelation().name(), List.copyOf(lists), Math.round(score * 1000) / 1000.0, kind,
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
