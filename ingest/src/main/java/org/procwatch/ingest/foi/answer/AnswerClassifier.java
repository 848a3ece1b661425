package org.procwatch.ingest.foi.answer;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.procwatch.ingest.foi.answer.UsageRules.Polarity;
import org.procwatch.schemas.avro.FoiAnswer;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Reads an FOI answer's text for whether the body uses Hikvision or Dahua equipment: {@code yes} when a
 * sentence of the answer says so (a brand, a subsidiary or a product code counts), {@code no} when one
 * denies it ("we do not use Hikvision or Dahua", "Dahua: 0", "No" under the question), and {@code unknown}
 * when the answer does not say, or refuses or does not hold the information. Each value keeps the sentence
 * it rests on. Questions quoted back in the answer are not read as answers.
 */
public final class AnswerClassifier {

    /** What one firm's answer is, and the sentence it rests on (null when unknown). */
    public record Verdict(FoiAnswer answer, String evidence) {

        static final Verdict UNKNOWN = new Verdict(FoiAnswer.unknown, null);
    }

    /** What an answer says: per firm, the other vendors and the capabilities it names. */
    public record Reading(Verdict hikvision, Verdict dahua, List<String> otherVendors, List<String> capabilities) {

        /** The sentences the two verdicts rest on, each once; null when neither rests on one. */
        public String evidence() {
            Set<String> sentences = new LinkedHashSet<>();
            for (Verdict verdict : List.of(hikvision, dahua)) {
                if (verdict.evidence() != null) {
                    sentences.add(verdict.evidence());
                }
            }
            return sentences.isEmpty() ? null : String.join(" / ", sentences);
        }
    }

    private static final Map<String, Pattern> CAPABILITIES = capabilities();

    private final FirmTerms firms;
    private final UsageRules rules;
    private final Map<String, Pattern> vendors;

    private AnswerClassifier(FirmTerms firms, Map<String, Pattern> vendors) {
        this.firms = firms;
        this.rules = new UsageRules(firms);
        this.vendors = vendors;
    }

    /** A classifier that knows the firms' brands, subsidiaries and product codes from this watchlist. */
    public static AnswerClassifier of(List<WatchlistEntity> watchlist, LocalDate today) {
        return new AnswerClassifier(FirmTerms.of(watchlist, today), OtherVendors.of(watchlist, today));
    }

    /** Reads the answer's text; an outcome other than {@code answered} leaves both firms unknown. */
    public Reading read(String text, FoiOutcome outcome) {
        if (outcome != FoiOutcome.answered || text == null || text.isBlank()) {
            return new Reading(Verdict.UNKNOWN, Verdict.UNKNOWN, List.of(), List.of());
        }
        Verdicts verdicts = new Verdicts();
        Set<String> otherVendors = new LinkedHashSet<>();
        Set<String> capabilities = new LinkedHashSet<>();
        List<String> sentences = AnswerSentences.of(text);
        for (int i = 0; i < sentences.size(); i++) {
            String sentence = sentences.get(i);
            if (UsageRules.isQuestion(sentence)) {
                readAnswerBelow(sentence, i + 1 < sentences.size() ? sentences.get(i + 1) : null, verdicts);
                continue;
            }
            String answer = UsageRules.answerPart(sentence);
            if (answer == null || UsageRules.saysNotHeld(answer)) {
                continue;
            }
            List<String> named = firms.named(answer);
            for (String firm : named) {
                rules.polarities(answer, firm).forEach(polarity -> verdicts.add(firm, polarity, sentence));
            }
            Set<String> vendorsHere = new LinkedHashSet<>();
            for (String clause : UsageRules.affirmedClauses(firms.withoutFirms(answer))) {
                vendors.forEach((vendor, pattern) -> {
                    if (pattern.matcher(clause).find()) {
                        vendorsHere.add(vendor);
                    }
                });
                CAPABILITIES.forEach((capability, pattern) -> {
                    if (pattern.matcher(clause).find()) {
                        capabilities.add(capability);
                    }
                });
            }
            otherVendors.addAll(vendorsHere);
            if (named.isEmpty() && UsageRules.deniesAll(answer, !vendorsHere.isEmpty())) {
                FirmTerms.FIRMS.forEach(firm -> verdicts.add(firm, Polarity.DOES_NOT_USE, sentence));
            }
        }
        return new Reading(verdicts.of("hikvision"), verdicts.of("dahua"), List.copyOf(otherVendors), List.copyOf(capabilities));
    }

    /** A question quoted back names the firms; the line under it ("Yes", "None", "14") answers for them. */
    private void readAnswerBelow(String question, String next, Verdicts verdicts) {
        List<String> asked = firms.named(question);
        if (asked.isEmpty() || next == null || UsageRules.isQuestion(next) || !firms.named(next).isEmpty()) {
            return;
        }
        Polarity polarity = UsageRules.answerBelow(next, asked.size());
        asked.forEach(firm -> verdicts.add(firm, polarity, question + " " + next));
    }

    /** Per firm, the first sentence that says it is used and the first that says it is not. */
    private static final class Verdicts {

        private final Map<String, Verdict> uses = new LinkedHashMap<>();
        private final Map<String, Verdict> doesNotUse = new LinkedHashMap<>();

        void add(String firm, Polarity polarity, String sentence) {
            if (polarity == Polarity.USES) {
                uses.putIfAbsent(firm, new Verdict(FoiAnswer.yes, sentence));
            } else if (polarity == Polarity.DOES_NOT_USE) {
                doesNotUse.putIfAbsent(firm, new Verdict(FoiAnswer.no, sentence));
            }
        }

        /** A "yes" wins over a "no" (a body that uses one Hikvision camera uses Hikvision); nothing said is unknown. */
        Verdict of(String firm) {
            return uses.getOrDefault(firm, doesNotUse.getOrDefault(firm, Verdict.UNKNOWN));
        }
    }

    private static Map<String, Pattern> capabilities() {
        Map<String, Pattern> capabilities = new LinkedHashMap<>();
        capabilities.put("facial recognition", Pattern.compile("(?i)\\bfac(?:e|ial) (?:recognition|detection|matching|identification)\\b"));
        capabilities.put("ANPR", Pattern.compile("(?i)\\banpr\\b|\\bnumber ?plate recognition\\b|\\blicen[cs]e plate recognition\\b"));
        capabilities.put("audio recording", Pattern.compile("(?i)\\baudio (?:recording|capture)\\b|\\brecords? audio\\b"));
        capabilities.put("gender detection", Pattern.compile("(?i)\\bgender (?:detection|recognition|classification)\\b"));
        capabilities.put("demographic analysis", Pattern.compile("(?i)\\bdemographic\\w*\\b|\\bage (?:estimation|detection)\\b"));
        capabilities.put("thermal imaging", Pattern.compile("(?i)\\bthermal (?:imaging|cameras?)\\b"));
        capabilities.put("people counting", Pattern.compile("(?i)\\bpeople counting\\b"));
        capabilities.put("remote viewing", Pattern.compile("(?i)\\bremote (?:viewing|access|monitoring)\\b"));
        return capabilities;
    }
}
