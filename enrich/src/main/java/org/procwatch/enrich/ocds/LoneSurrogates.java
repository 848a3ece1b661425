package org.procwatch.enrich.ocds;

/**
 * Repairs JSON whose escapes make half a character: {@code "\ud800"} is valid JSON but no text, which PostgreSQL's
 * {@code jsonb} and every UTF-8 encoder refuse. Each such half becomes {@code \ufffd} (U+FFFD), as bad bytes do at
 * ingest; a whole pair ({@code \ud83d\udcf9}) and everything else stays exactly as written.
 */
public final class LoneSurrogates {

    private static final String REPLACEMENT = "\\ufffd";

    private LoneSurrogates() {
    }

    /** Whether the JSON text may hold an escaped surrogate, the only way one gets in (a cheap test first). */
    public static boolean mayHoldAny(String json) {
        return json.contains("\\ud") || json.contains("\\uD");
    }

    /**
     * The JSON text with every escaped lone surrogate replaced. Only strings hold backslashes in JSON, so every
     * backslash starts an escape: {@code \\} and the like are stepped over whole, so {@code \\ud800} is left as it is.
     */
    public static String repair(String json) {
        StringBuilder repaired = null;
        int copied = 0;
        for (int i = json.indexOf('\\'); i >= 0; i = json.indexOf('\\', i)) {
            int unit = codeUnit(json, i);
            if (unit < 0 || !Character.isSurrogate((char) unit)) {
                i += unit < 0 ? 2 : 6;
                continue;
            }
            if (Character.isHighSurrogate((char) unit) && Character.isLowSurrogate((char) Math.max(0, codeUnit(json, i + 6)))) {
                i += 12;
                continue;
            }
            if (repaired == null) {
                repaired = new StringBuilder(json.length());
            }
            repaired.append(json, copied, i).append(REPLACEMENT);
            i += 6;
            copied = i;
        }
        return repaired == null ? json : repaired.append(json, copied, json.length()).toString();
    }

    /** The code unit of the {@code \}{@code uXXXX} escape at {@code at}, or -1 where another escape (or none) is there. */
    private static int codeUnit(String json, int at) {
        if (at + 6 > json.length() || json.charAt(at) != '\\' || json.charAt(at + 1) != 'u') {
            return -1;
        }
        int unit = 0;
        for (int i = at + 2; i < at + 6; i++) {
            int digit = Character.digit(json.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            unit = unit << 4 | digit;
        }
        return unit;
    }
}
