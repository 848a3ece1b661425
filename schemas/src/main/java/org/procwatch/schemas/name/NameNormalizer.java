package org.procwatch.schemas.name;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an organisation name into comparable tokens, the same way in every stage (the matcher's names,
 * and the key by which an FOI body finds its contracts in the API and in PostgreSQL): Unicode NFKC, lower case, punctuation removed, and
 * legal forms in English, European languages and Chinese replaced by their class ("Ltd" and "Limited" are
 * one class, "Co., Ltd." and "Company Limited" another), kept apart from the name's own words so that a
 * legal form never makes two names match. Chinese text is split into overlapping character pairs.
 */
public final class NameNormalizer {

    /** A name reduced for matching: its own words (the core) and its legal forms. */
    public record NormalizedName(List<String> core, List<String> legalForms) {

        public String coreText() {
            return String.join(" ", core);
        }
    }

    private static final Pattern TRADING_AS = Pattern.compile("(?i)\\s+(?:t/a|t\\.a\\.|trading\\s+as|d/b/a|dba)\\s+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** Chinese legal forms, longest first, each with its class. */
    private static final List<Map.Entry<String, String>> CHINESE_FORMS = List.of(
            Map.entry("股份有限公司", "~jsc"), Map.entry("有限责任公司", "~ltd"), Map.entry("有限公司", "~ltd"),
            Map.entry("集团", "~group"), Map.entry("公司", "~co"));

    /** English and European legal-form words and their classes. */
    private static final Map<String, String> LEGAL_FORMS = Map.ofEntries(
            Map.entry("ltd", "~ltd"), Map.entry("limited", "~ltd"), Map.entry("ltda", "~ltd"),
            Map.entry("plc", "~plc"), Map.entry("llc", "~llc"), Map.entry("llp", "~llp"), Map.entry("lp", "~lp"),
            Map.entry("inc", "~inc"), Map.entry("incorporated", "~inc"),
            Map.entry("corp", "~corp"), Map.entry("corporation", "~corp"),
            Map.entry("co", "~co"), Map.entry("company", "~co"),
            Map.entry("gmbh", "~gmbh"), Map.entry("ag", "~ag"), Map.entry("bv", "~bv"), Map.entry("nv", "~nv"),
            Map.entry("sa", "~sa"), Map.entry("sas", "~sa"), Map.entry("sarl", "~sa"), Map.entry("srl", "~srl"),
            Map.entry("spa", "~spa"), Map.entry("sl", "~sl"), Map.entry("ab", "~ab"), Map.entry("as", "~as"),
            Map.entry("oy", "~oy"), Map.entry("kk", "~kk"), Map.entry("pte", "~pte"), Map.entry("pty", "~pty"),
            Map.entry("ao", "~ao"), Map.entry("ooo", "~ooo"), Map.entry("jsc", "~jsc"));

    /** Multi-word legal forms, matched before single words. */
    private static final List<Map.Entry<List<String>, String>> LEGAL_PHRASES = List.of(
            Map.entry(List.of("public", "limited", "company"), "~plc"),
            Map.entry(List.of("limited", "liability", "company"), "~llc"),
            Map.entry(List.of("b", "v"), "~bv"), Map.entry(List.of("n", "v"), "~nv"),
            Map.entry(List.of("s", "a"), "~sa"), Map.entry(List.of("s", "p", "a"), "~spa"),
            Map.entry(List.of("l", "l", "c"), "~llc"), Map.entry(List.of("p", "l", "c"), "~plc"));

    /** The first words of the legal phrases, so that only they are looked at twice. */
    private static final Set<String> PHRASE_STARTS = Set.of("public", "limited", "b", "n", "s", "l", "p");

    /** Words that say "and" in names. */
    private static final Set<String> AND = Set.of("and", "&", "und", "et");

    private NameNormalizer() {
    }

    /** The names a party name stands for: itself, or each side of "X t/a Y". */
    public static List<String> tradingNames(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean mayTrade = lower.contains("t/a") || lower.contains("t.a.") || lower.contains("trading") || lower.contains("d/b/a")
                || lower.contains("dba");
        return mayTrade ? List.of(TRADING_AS.split(name.strip())) : List.of(name);
    }

    /**
     * A name's distinctive words, joined: two names with the same key name the same organisation but for
     * case, punctuation and legal form. Null when the name has no distinctive word.
     */
    public static String key(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        NormalizedName normalized = normalize(name);
        return normalized.core().isEmpty() ? null : String.join(" ", normalized.core());
    }

    public static NormalizedName normalize(String name) {
        boolean ascii = name.chars().allMatch(c -> c < 0x80);
        // NFKC folds full-width letters, ligatures and compatibility forms; plain ASCII is already folded.
        String text = (ascii ? name : Normalizer.normalize(name, Normalizer.Form.NFKC)).toLowerCase(Locale.ROOT);
        List<String> legalForms = new ArrayList<>();
        if (!ascii) {
            for (Map.Entry<String, String> form : CHINESE_FORMS) {
                if (text.contains(form.getKey())) {
                    text = text.replace(form.getKey(), " ");
                    legalForms.add(form.getValue());
                }
            }
        }
        List<String> words = words(text, ascii);
        List<String> core = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int phrase = PHRASE_STARTS.contains(word) ? legalPhraseAt(words, i) : 0;
            if (phrase > 0) {
                legalForms.add(LEGAL_PHRASES.get(phrase - 1).getValue());
                i += LEGAL_PHRASES.get(phrase - 1).getKey().size() - 1;
                continue;
            }
            String form = LEGAL_FORMS.get(word);
            // A legal form word only counts as one at the end, or before another legal form ("Co Ltd").
            if (form != null && (i > 0 || words.size() == 1) && trailingLegal(words, i)) {
                legalForms.add(form);
            } else if (!AND.contains(word)) {
                core.add(word);
            }
        }
        return new NormalizedName(core, legalForms);
    }

    /** The words of a lower-cased text: runs of letters and digits ("&" read as "and"), Chinese split into pairs. */
    private static List<String> words(String text, boolean ascii) {
        List<String> words = new ArrayList<>(8);
        if (ascii) {
            int start = -1;
            for (int i = 0; i <= text.length(); i++) {
                char c = i < text.length() ? text.charAt(i) : ' ';
                boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                if (word && start < 0) {
                    start = i;
                } else if (!word && start >= 0) {
                    words.add(text.substring(start, i));
                    start = -1;
                }
                if (c == '&') {
                    words.add("and");
                }
            }
            return words;
        }
        for (String word : NOT_WORD.split(text.replace("&", " and "))) {
            if (!word.isEmpty()) {
                splitScripts(word, words);
            }
        }
        return words;
    }

    private static boolean trailingLegal(List<String> words, int from) {
        for (int i = from; i < words.size(); i++) {
            if (!LEGAL_FORMS.containsKey(words.get(i)) && legalPhraseAt(words, i) == 0) {
                return false;
            }
        }
        return true;
    }

    /** 1 + the index of the legal phrase starting at {@code i}, or 0. */
    private static int legalPhraseAt(List<String> words, int i) {
        if (i == 0) {
            return 0;
        }
        for (int p = 0; p < LEGAL_PHRASES.size(); p++) {
            List<String> phrase = LEGAL_PHRASES.get(p).getKey();
            if (i + phrase.size() <= words.size() && words.subList(i, i + phrase.size()).equals(phrase)
                    && trailingAfter(words, i + phrase.size())) {
                return p + 1;
            }
        }
        return 0;
    }

    private static boolean trailingAfter(List<String> words, int from) {
        return from >= words.size() || trailingLegal(words, from);
    }

    /** Latin words stay whole; runs of Chinese characters become overlapping pairs. */
    private static void splitScripts(String word, List<String> out) {
        StringBuilder latin = new StringBuilder();
        StringBuilder han = new StringBuilder();
        word.codePoints().forEach(cp -> {
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                flushLatin(latin, out);
                han.appendCodePoint(cp);
            } else {
                flushHan(han, out);
                latin.appendCodePoint(cp);
            }
        });
        flushLatin(latin, out);
        flushHan(han, out);
    }

    private static void flushLatin(StringBuilder latin, List<String> out) {
        if (!latin.isEmpty()) {
            out.add(latin.toString());
            latin.setLength(0);
        }
    }

    private static void flushHan(StringBuilder han, List<String> out) {
        int[] cps = han.codePoints().toArray();
        if (cps.length == 1) {
            out.add(new String(cps, 0, 1));
        }
        for (int i = 0; i + 1 < cps.length; i++) {
            out.add(new String(cps, i, 2));
        }
        han.setLength(0);
    }
}
