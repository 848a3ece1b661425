package org.procwatch.ingest.foi.answer;

import org.procwatch.schemas.watchlist.ProductCodePattern;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * The words by which an answer names Hikvision or Dahua equipment: each firm's names and aliases, those of
 * its subsidiaries and brands (HiLook, EZVIZ, Imou ...) whose relation has not ended, and its product codes,
 * all taken from the watchlist, so that an answer naming only a brand counts as naming the firm.
 */
final class FirmTerms {

    /** The two firms an FOI answer is read for, by watchlist id. */
    static final List<String> FIRMS = List.of("hikvision", "dahua");

    private final Map<String, Pattern> names = new LinkedHashMap<>();
    private final Map<String, List<ProductCodePattern>> productCodes = new LinkedHashMap<>();
    private final Map<String, String> displayNames = new HashMap<>();

    private FirmTerms() {
    }

    static FirmTerms of(List<WatchlistEntity> watchlist, LocalDate today) {
        Map<String, WatchlistEntity> byId = new HashMap<>();
        watchlist.forEach(entity -> byId.put(entity.getId(), entity));
        FirmTerms terms = new FirmTerms();
        for (String firm : FIRMS) {
            Set<String> words = new LinkedHashSet<>();
            List<ProductCodePattern> codes = new ArrayList<>();
            for (WatchlistEntity entity : watchlist) {
                if (leadsTo(entity, firm, byId, today)) {
                    words.add(entity.getName());
                    words.addAll(entity.getAliases());
                    entity.getProductCodePatterns().forEach(pattern -> codes.add(ProductCodePattern.compile(pattern)));
                }
            }
            WatchlistEntity listed = byId.get(firm);
            terms.displayNames.put(firm, listed == null ? firm : shortName(listed));
            words.add(firm);
            terms.names.put(firm, anyOf(words));
            terms.productCodes.put(firm, codes);
        }
        return terms;
    }

    /** The firm itself, or a subsidiary or brand of it whose relation still holds: its equipment is the firm's. */
    private static boolean leadsTo(WatchlistEntity entity, String firm, Map<String, WatchlistEntity> byId, LocalDate today) {
        WatchlistEntity current = entity;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (current.getId().equals(firm)) {
                return true;
            }
            String relation = current.getRelation().name();
            boolean ended = current.getValidTo() != null && current.getValidTo().isBefore(today);
            if (!(relation.equals("subsidiary") || relation.equals("brand")) || ended || current.getParentId() == null) {
                return false;
            }
            current = byId.get(current.getParentId());
        }
        return false;
    }

    /** The first alias that is one word, as answers write it ("Hikvision"), else the name. */
    private static String shortName(WatchlistEntity entity) {
        return entity.getAliases().stream().filter(alias -> alias.matches("\\p{L}+")).findFirst().orElse(entity.getName());
    }

    /** Longest first, so that "Hikvision UK" is found whole; each quoted, so a name is never read as a pattern. */
    static Pattern anyOf(Collection<String> words) {
        List<String> sorted = new ArrayList<>(words);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder regex = new StringBuilder("(?iu)(?<![\\p{L}\\p{N}])(?:");
        for (int i = 0; i < sorted.size(); i++) {
            regex.append(i == 0 ? "" : "|").append(Pattern.quote(sorted.get(i).toLowerCase(Locale.ROOT)));
        }
        return Pattern.compile(regex.append(")(?![\\p{L}\\p{N}])").toString());
    }

    /** The firms a sentence names, by watchlist id, in the order of {@link #FIRMS}. */
    List<String> named(String sentence) {
        List<String> found = new ArrayList<>();
        for (String firm : FIRMS) {
            if (names.get(firm).matcher(sentence).find() || productCodes.get(firm).stream().anyMatch(code -> code.startIn(sentence) >= 0)) {
                found.add(firm);
            }
        }
        return found;
    }

    /** Where the text first names the firm (by a name or a product code), or -1. */
    int firstMention(String text, String firm) {
        int first = -1;
        Matcher name = names.get(firm).matcher(text);
        if (name.find()) {
            first = name.start();
        }
        for (ProductCodePattern code : productCodes.get(firm)) {
            int found = code.startIn(text);
            if (found >= 0 && (first < 0 || found < first)) {
                first = found;
            }
        }
        return first;
    }

    /** Whether every name of the firm in the text is followed by these words ("a Hikvision accredited partner"). */
    boolean namedAs(String text, String firm, Pattern following) {
        Matcher name = names.get(firm).matcher(text);
        boolean any = false;
        while (name.find()) {
            if (!following.matcher(text.substring(name.end())).lookingAt()) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** The sentence with every name of a firm taken out, so that other vendors are looked for in what is left. */
    String withoutFirms(String sentence) {
        String rest = sentence;
        for (String firm : FIRMS) {
            rest = names.get(firm).matcher(rest).replaceAll(" ");
        }
        return rest;
    }

    String displayName(String firm) {
        return displayNames.get(firm);
    }
}
