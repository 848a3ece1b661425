package org.procwatch.enrich.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Finds watchlist firms and brands named in free text, and their product codes. Names match only as whole
 * words ("Dahua", not "Dahlia"; "Hik" never matches "hiking"), and only names with a distinctive word;
 * product codes match the firms' own patterns, which are written to miss look-alikes such as IPC-2221.
 */
final class TextFinder {

    /** One thing found in a text. */
    record Finding(WatchlistEntity entity, double score, EvidenceKind kind, String matchedText, String matchedAgainst, String explanation) {
    }

    private record Phrase(WatchlistIndex.Variant variant, int length) {
    }

    private record CodePattern(WatchlistEntity entity, Pattern pattern) {
    }

    private final Map<String, List<Phrase>> phrases = new HashMap<>();
    private final List<CodePattern> codePatterns = new ArrayList<>();
    private final int longestPhrase;

    TextFinder(WatchlistIndex index) {
        int longest = 1;
        for (WatchlistIndex.Variant variant : index.variants()) {
            if (variant.core.stream().anyMatch(WatchlistIndex::distinctive) && variant.joined.length() >= 3) {
                phrases.computeIfAbsent(String.join(" ", variant.core), p -> new ArrayList<>())
                        .add(new Phrase(variant, variant.core.size()));
                longest = Math.max(longest, variant.core.size());
            }
        }
        this.longestPhrase = longest;
        index.variants().stream().map(variant -> variant.entity).distinct().forEach(entity ->
                entity.getProductCodePatterns().forEach(p -> codePatterns.add(new CodePattern(entity, Pattern.compile(p)))));
    }

    List<Finding> find(String text) {
        List<Finding> findings = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return findings;
        }
        for (CodePattern code : codePatterns) {
            Matcher matcher = code.pattern().matcher(text);
            if (matcher.find()) {
                findings.add(new Finding(code.entity(), 0.95, EvidenceKind.PRODUCT_CODE, matcher.group(), code.pattern().pattern(),
                        "product code " + matcher.group() + " is a " + code.entity().getName() + " model number"));
            }
        }
        List<String> words = NameNormalizer.normalize(text).core();
        for (int start = 0; start < words.size(); start++) {
            for (int length = Math.min(longestPhrase, words.size() - start); length >= 1; length--) {
                List<Phrase> hits = phrases.get(String.join(" ", words.subList(start, start + length)));
                if (hits != null) {
                    for (Phrase hit : hits) {
                        WatchlistEntity entity = hit.variant().entity;
                        boolean brand = entity.getRelation() == EntityRelation.brand;
                        findings.add(new Finding(entity, 0.9, brand ? EvidenceKind.BRAND : EvidenceKind.NAME,
                                hit.variant().text, hit.variant().text,
                                (brand ? "brand " : "name ") + "'" + hit.variant().text + "' appears in the text"));
                    }
                    start += length - 1;
                    break;
                }
            }
        }
        return findings;
    }
}
