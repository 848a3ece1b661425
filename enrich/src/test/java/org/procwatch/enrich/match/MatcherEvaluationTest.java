package org.procwatch.enrich.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.watchlist.WatchlistFile;

/**
 * Precision and recall of the matcher with its default threshold on the labelled evaluation set
 * ({@code match/evaluation.tsv}: name variants, typos, brands, subsidiaries, Chinese names, product texts and
 * hard negatives) against the bundled watchlist. Prints every miss and false alarm, and writes the report to
 * {@code target/match-evaluation.txt}.
 */
class MatcherEvaluationTest {

    private static final double MIN_PRECISION = 0.97;
    private static final double MIN_RECALL = 0.93;

    private record Case(String kind, String input, String expected, LocalDate date, String note) {
    }

    @Test
    void precisionAndRecallMeetTheirFloors() throws IOException {
        VendorMatcher matcher = new VendorMatcher(WatchlistFile.bundled());
        List<Case> cases = cases();
        int truePositives = 0;
        int falsePositives = 0;
        int falseNegatives = 0;
        List<String> report = new ArrayList<>();
        for (Case c : cases) {
            List<VendorMatch> matches = c.kind().equals("text")
                    ? matcher.matchText(c.input(), c.date())
                    : matcher.matchParty(new VendorMatcher.Party(c.input(), List.of(), null, c.date()));
            String predicted = matches.isEmpty() ? "" : matches.getFirst().listedEntityId();
            if (!c.expected().isEmpty() && predicted.equals(c.expected())) {
                truePositives++;
                continue;
            }
            if (!predicted.isEmpty()) {
                falsePositives++;
                report.add("FALSE ALARM " + c.kind() + " '" + c.input() + "' -> " + predicted + " (" + matches.getFirst().explanation()
                        + ", score " + matches.getFirst().score() + "); expected " + (c.expected().isEmpty() ? "no match" : c.expected()));
            }
            if (!c.expected().isEmpty()) {
                falseNegatives++;
                report.add("MISS " + c.kind() + " '" + c.input() + "' expected " + c.expected() + " [" + c.note() + "]");
            }
        }
        double precision = truePositives / (double) (truePositives + falsePositives);
        double recall = truePositives / (double) (truePositives + falseNegatives);
        String summary = String.format(Locale.ROOT, "%d cases (%d should match): precision %.3f, recall %.3f at threshold %.2f",
                cases.size(), cases.stream().filter(c -> !c.expected().isEmpty()).count(), precision, recall, VendorMatcher.DEFAULT_THRESHOLD);
        report.addFirst(summary);
        report.forEach(System.out::println);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "match-evaluation.txt"), report);

        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(precision).as(summary).isGreaterThanOrEqualTo(MIN_PRECISION);
        assertThat(recall).as(summary).isGreaterThanOrEqualTo(MIN_RECALL);
    }

    private static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = MatcherEvaluationTest.class.getResourceAsStream("/match/evaluation.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                cases.add(new Case(columns[0], columns[1], columns[2],
                        columns[3].isEmpty() ? null : LocalDate.parse(columns[3]), columns[4]));
            }
        }
        return cases;
    }
}
