package org.procwatch.enrich.match;

import org.procwatch.schemas.name.NameNormalizer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.watchlist.ProductCodePattern;

/**
 * Finds watchlist firms and brands named in free text, and their product codes. Names match only as whole
 * words ("Dahua", not "Dahlia"; "Hik" never matches "hiking"), and only names with a distinctive word;
 * product codes match the firms' own patterns, which are written to miss look-alikes such as IPC-2221.
 */
final class TextFinder {

    /** One thing found in a text. */
    record Finding(WatchlistEntity entity, double score, EvidenceKind kind, String matchedText, String matchedAgainst, String explanation) {
    }

    /** A name's words, looked up by its first word. */
    private record Phrase(WatchlistIndex.Variant variant, List<String> words) {

        boolean startsAt(List<String> text, int start) {
            return start + words.size() <= text.size() && text.subList(start, start + words.size()).equals(words);
        }
    }

    private record CodePattern(WatchlistEntity entity, ProductCodePattern pattern) {
    }

    /** What was found in each text, kept while the texts come round: up to this many characters of text. */
    private static final long MEMO_CHARS = 1 << 20;

    /** By first word, longest first: a text's words are looked up once each, not as every run of words. */
    private final Map<String, List<Phrase>> phrases = new HashMap<>();
    private final List<CodePattern> codePatterns = new ArrayList<>();

    /**
     * Texts come round again and again: each release of a process screens the process's titles and items
     * anew, and catalogues reuse descriptions. Finding is a pure function of the text, so a bounded memo
     * saves the scans, which took two thirds of screening a contract (docs/benchmarks.md).
     */
    private final Cache<String, List<Finding>> found = Caffeine.newBuilder()
            .maximumWeight(MEMO_CHARS)
            .weigher((String text, List<Finding> findings) -> text.length())
            .build();

    TextFinder(WatchlistIndex index) {
        for (WatchlistIndex.Variant variant : index.variants()) {
            if (variant.core.stream().anyMatch(WatchlistIndex::distinctive) && variant.joined.length() >= 3) {
                phrases.computeIfAbsent(variant.core.getFirst(), p -> new ArrayList<>()).add(new Phrase(variant, List.copyOf(variant.core)));
            }
        }
        phrases.values().forEach(list -> list.sort(Comparator.comparingInt((Phrase phrase) -> phrase.words().size()).reversed()));
        index.variants().stream().map(variant -> variant.entity).distinct().forEach(entity ->
                entity.getProductCodePatterns().forEach(p -> codePatterns.add(new CodePattern(entity, ProductCodePattern.compile(p)))));
    }

    /** What the text names; the list must not be changed. */
    List<Finding> find(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return found.get(text, this::scan);
    }

    private List<Finding> scan(String text) {
        List<Finding> findings = new ArrayList<>();
        for (CodePattern code : codePatterns) {
            code.pattern().findIn(text).ifPresent(found -> findings.add(new Finding(code.entity(), 0.95, EvidenceKind.PRODUCT_CODE, found,
                    code.pattern().pattern(), "product code " + found + " is a " + code.entity().getName() + " model number")));
        }
        List<String> words = NameNormalizer.normalize(text).core();
        for (int start = 0; start < words.size(); start++) {
            List<Phrase> candidates = phrases.get(words.get(start));
            if (candidates == null) {
                continue;
            }
            int matchedLength = 0;
            for (Phrase phrase : candidates) {
                if (phrase.words().size() < matchedLength) {
                    break; // the longest name found here wins; shorter ones inside it are not found again
                }
                if (phrase.startsAt(words, start)) {
                    matchedLength = phrase.words().size();
                    findings.add(finding(phrase.variant()));
                }
            }
            start += Math.max(matchedLength, 1) - 1;
        }
        return List.copyOf(findings);
    }

    private static Finding finding(WatchlistIndex.Variant variant) {
        WatchlistEntity entity = variant.entity;
        boolean brand = entity.getRelation() == EntityRelation.brand;
        return new Finding(entity, 0.9, brand ? EvidenceKind.BRAND : EvidenceKind.NAME, variant.text, variant.text,
                (brand ? "brand " : "name ") + "'" + variant.text + "' appears in the text");
    }
}
