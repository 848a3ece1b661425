package org.procwatch.ingest.foi.answer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts an answer's text into the units it is read by: a line of a table, or a sentence of prose. The
 * requester's own words quoted below a reply ("-----Original Message-----", "On ... wrote:", lines
 * starting with '>') are left out, so that the question is not read as the answer.
 */
final class AnswerSentences {

    /** A unit longer than this is cut: evidence is a sentence, not a page. */
    static final int MAX_SENTENCE = 400;

    private static final Pattern QUOTE_HEADER = Pattern.compile(
            "(?im)^\\s*(?:-{2,}\\s*original message\\s*-{2,}|-{3,}\\s*forwarded message|on\\s.{5,120}\\swrote:\\s*$"
                    + "|from:\\s.*\\R\\s*sent:\\s)");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\p{N}\"'(“‘])");
    /** Cells apart by a tab, a bar or a run of spaces (how PDF tables come out as text). */
    private static final Pattern TABLE_ROW = Pattern.compile("\\S(?:\\t| {3,}|\\s*\\|\\s*)\\S");
    private static final Pattern CELL_BREAK = Pattern.compile("\\s*(?:\\t| {3,}|\\|)\\s*");
    private static final Pattern LIST_ITEM = Pattern.compile(
            "(?i)(?:[-•*]|\\(?\\d{1,2}[.)]|\\(?[a-h][.)]|q\\s?\\d{1,2}[.:)]?|question\\s\\d{1,2}|a\\d{0,2}[.:)]|answer\\s?\\d{0,2}:|response:)\\s");
    private static final Pattern LETTER_LINE = Pattern.compile("(?i)(?:dear|hello|hi|good (?:morning|afternoon))\\b.{0,60}"
            + "|(?:yours (?:sincerely|faithfully)|kind regards|best regards|regards|many thanks|thank you)\\b.{0,20}");
    private static final Pattern MARKER = Pattern.compile("(?i)(?:[qa]\\s?\\d{0,2}|\\d{1,2}|[a-h]|question\\s?\\d{1,2}|answer\\s?\\d{0,2})[.:)]");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0]+");

    private AnswerSentences() {
    }

    static List<String> of(String text) {
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .replace('’', '\'').replace('‘', '\'').replace('“', '"').replace('”', '"')
                .replace('–', '-').replace('—', '-').replace("\r\n", "\n").replace('\r', '\n');
        var quote = QUOTE_HEADER.matcher(normal);
        if (quote.find()) {
            normal = normal.substring(0, quote.start());
        }
        List<String> units = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : normal.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith(">")) {
                continue;
            }
            boolean row = TABLE_ROW.matcher(stripped).find();
            boolean ownLine = LETTER_LINE.matcher(stripped).matches();
            if (stripped.isEmpty() || row || ownLine || LIST_ITEM.matcher(stripped).lookingAt()) {
                addSentences(paragraph.toString(), units);
                paragraph.setLength(0);
            }
            if (ownLine) {
                // "Dear Requester," and "Yours sincerely," stand alone: joined, they would open or close the answer's sentence.
                units.add(stripped);
                continue;
            }
            if (row) {
                // A table row keeps its cells together (the vendor beside its count), one ' | ' apart.
                addSentences(CELL_BREAK.matcher(stripped).replaceAll(" | "), units);
            } else if (!stripped.isEmpty()) {
                // Lines of prose are joined: mail and PDF text wrap sentences across lines.
                paragraph.append(paragraph.isEmpty() ? "" : " ").append(stripped);
            }
        }
        addSentences(paragraph.toString(), units);
        return units;
    }

    private static void addSentences(String paragraph, List<String> units) {
        String marker = "";
        for (String sentence : SENTENCE_END.split(paragraph)) {
            String unit = SPACES.matcher(sentence).replaceAll(" ").strip();
            if (MARKER.matcher(unit).matches()) {
                // "Q1." or "A2." ends no sentence: it belongs to the one it numbers.
                marker += unit + " ";
            } else if (!unit.isEmpty() && !unit.equals("|")) {
                unit = marker + unit;
                marker = "";
                units.add(unit.length() > MAX_SENTENCE ? unit.substring(0, MAX_SENTENCE) + " ..." : unit);
            }
        }
    }
}
