package org.procwatch.ingest.foi.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.FoiAnswer;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.watchlist.WatchlistFile;

class AnswerClassifierTest {

    /** Below what the held-out set measured once (docs/foi-whatdotheyknow.md), so that a change for the worse fails. */
    private static final double HELD_OUT_PRECISION = 0.9;
    private static final double HELD_OUT_RECALL = 0.9;
    private static final AnswerClassifier CLASSIFIER = AnswerClassifier.of(WatchlistFile.bundled(), LocalDate.of(2026, 12, 3));

    @Test
    void shouldReadADenialOfBothFirmsAsNoForEach() {
        AnswerClassifier.Reading reading = CLASSIFIER.read("We do not use Hikvision or Dahua.", FoiOutcome.answered);

        assertThat(reading.hikvision().answer()).isEqualTo(FoiAnswer.no);
        assertThat(reading.dahua().answer()).isEqualTo(FoiAnswer.no);
        assertThat(reading.evidence()).isEqualTo("We do not use Hikvision or Dahua.");
    }

    @Test
    void shouldLeaveARefusalUnknownWhateverItsTextSays() {
        AnswerClassifier.Reading reading = CLASSIFIER.read("We use Hikvision cameras.", FoiOutcome.refused);

        assertThat(reading.hikvision().answer()).isEqualTo(FoiAnswer.unknown);
        assertThat(reading.evidence()).isNull();
    }

    @Test
    void shouldCountABrandOfTheFirmAsTheFirm() {
        AnswerClassifier.Reading reading = CLASSIFIER.read("Our cameras are HiLook and Imou models.", FoiOutcome.answered);

        assertThat(reading.hikvision().answer()).isEqualTo(FoiAnswer.yes);
        assertThat(reading.dahua().answer()).isEqualTo(FoiAnswer.yes);
    }

    @Test
    void shouldNotReadTheQuestionQuotedBackAsTheAnswer() {
        AnswerClassifier.Reading reading = CLASSIFIER.read("1. Please confirm whether you use Hikvision cameras.\nThe school will send its answer by 4 March.",
                FoiOutcome.answered);

        assertThat(reading.hikvision().answer()).isEqualTo(FoiAnswer.unknown);
    }

    @Test
    void shouldKeepASentenceThatNeitherConfirmsNorDeniesUnknown() {
        AnswerClassifier.Reading reading = CLASSIFIER.read("We neither confirm nor deny that Hikvision cameras are used, under section 24.",
                FoiOutcome.answered);

        assertThat(reading.hikvision().answer()).isEqualTo(FoiAnswer.unknown);
    }

    @Test
    void shouldListOtherVendorsNamedButNotThoseDenied() {
        AnswerClassifier.Reading reading = CLASSIFIER.read("We use Axis and Huawei cameras. We do not use Bosch.", FoiOutcome.answered);

        assertThat(reading.otherVendors()).containsExactly("Axis", "Huawei");
    }

    @Test
    void shouldNotTakeAWatchlistNameAsAPattern() {
        AnswerClassifier classifier = AnswerClassifier.of(List.of(WatchlistFile.bundled().getFirst(),
                org.procwatch.schemas.avro.WatchlistEntity.newBuilder(WatchlistFile.bundled().getFirst()).setId("odd").setName("H.*")
                        .setAliases(List.of()).setRelation(org.procwatch.schemas.avro.EntityRelation.brand).setParentId("hikvision")
                        .setProductCodePatterns(List.of()).build()), LocalDate.of(2026, 12, 3));

        assertThat(classifier.read("Hello there, we use Honeywell.", FoiOutcome.answered).hikvision().answer()).isEqualTo(FoiAnswer.unknown);
        assertThat(classifier.read("We use H.* cameras.", FoiOutcome.answered).hikvision().answer()).isEqualTo(FoiAnswer.yes);
    }

    /**
     * The labelled set, on which the rules were written, and the held-out set, written after them and never
     * tuned for (docs/foi-whatdotheyknow.md records both): a "yes" must be right nearly always, since it is
     * what a watchdog acts on; a "no" or "unknown" where the truth is "yes" is a miss.
     */
    @Test
    void shouldReadTheLabelledAnswersWithHighPrecisionForYes() throws IOException {
        Scores scores = Scores.of("labelled", LabelledAnswer.all("labelled-answers.txt"));

        assertThat(scores.answers()).isGreaterThanOrEqualTo(60);
        assertThat(scores.precision()).as("precision of yes").isGreaterThanOrEqualTo(0.95);
        assertThat(scores.recall()).as("recall of yes").isGreaterThanOrEqualTo(0.9);
        assertThat(scores.wrongNo()).as("'no' where the answer does not say no").isLessThanOrEqualTo(1);
    }

    @Test
    void shouldReadTheHeldOutAnswersWithoutAFalseYes() throws IOException {
        Scores scores = Scores.of("held-out", LabelledAnswer.all("held-out-answers.txt"));

        assertThat(scores.precision()).as("precision of yes").isGreaterThanOrEqualTo(HELD_OUT_PRECISION);
        assertThat(scores.recall()).as("recall of yes").isGreaterThanOrEqualTo(HELD_OUT_RECALL);
    }

    /** How the classifier did on a set: yes against the labels, "no" where the label is not no, and unknown. */
    record Scores(int answers, int truePositives, int falsePositives, int falseNegatives, int wrongNo, int unknown, int judged,
                  List<String> mistakes) {

        double precision() {
            return truePositives / (double) (truePositives + falsePositives);
        }

        double recall() {
            return truePositives / (double) (truePositives + falseNegatives);
        }

        static Scores of(String set, List<LabelledAnswer> answers) {
            int truePositives = 0;
            int falsePositives = 0;
            int falseNegatives = 0;
            int unknown = 0;
            int wrongNo = 0;
            int judged = 0;
            List<String> mistakes = new ArrayList<>();
            for (LabelledAnswer answer : answers) {
                AnswerClassifier.Reading reading = CLASSIFIER.read(answer.text(), answer.outcome());
                for (String firm : FirmTerms.FIRMS) {
                    FoiAnswer expected = answer.expected().get(firm);
                    FoiAnswer actual = firm.equals("hikvision") ? reading.hikvision().answer() : reading.dahua().answer();
                    judged++;
                    unknown += actual == FoiAnswer.unknown ? 1 : 0;
                    if (actual == FoiAnswer.yes && expected == FoiAnswer.yes) {
                        truePositives++;
                    } else if (actual == FoiAnswer.yes) {
                        falsePositives++;
                    } else if (expected == FoiAnswer.yes) {
                        falseNegatives++;
                    }
                    wrongNo += actual == FoiAnswer.no && expected != FoiAnswer.no ? 1 : 0;
                    if (actual != expected) {
                        mistakes.add(answer.id() + " " + firm + ": expected " + expected + ", read " + actual);
                    }
                }
            }
            Scores scores = new Scores(answers.size(), truePositives, falsePositives, falseNegatives, wrongNo, unknown, judged, mistakes);
            System.out.printf(Locale.ROOT, "FOI answer classifier, %s set, %d answers (%d verdicts): yes precision %.3f, recall %.3f "
                            + "(tp %d, fp %d, fn %d); 'no' where the label is not no: %d; unknown %.3f; exact %d of %d%n",
                    set, answers.size(), judged, scores.precision(), scores.recall(), truePositives, falsePositives, falseNegatives,
                    wrongNo, unknown / (double) judged, judged - mistakes.size(), judged);
            mistakes.forEach(mistake -> System.out.println("  " + mistake));
            return scores;
        }
    }

    @Test
    void shouldFindTheVendorsTheLabelsName() throws IOException {
        for (LabelledAnswer answer : LabelledAnswer.all("labelled-answers.txt")) {
            if (!answer.vendors().isEmpty()) {
                assertThat(CLASSIFIER.read(answer.text(), answer.outcome()).otherVendors()).as(answer.id())
                        .containsAll(answer.vendors());
            }
        }
    }

    /** One case of {@code labelled-answers.txt}. */
    record LabelledAnswer(String id, FoiOutcome outcome, Map<String, FoiAnswer> expected, List<String> vendors, String text) {

        static List<LabelledAnswer> all(String resource) throws IOException {
            String file;
            try (InputStream in = AnswerClassifierTest.class.getResourceAsStream(resource)) {
                file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<LabelledAnswer> answers = new ArrayList<>();
            String header = null;
            StringBuilder text = new StringBuilder();
            for (String line : (file + "\n=== end").split("\n")) {
                if (line.startsWith("=== ")) {
                    if (header != null) {
                        answers.add(parse(header, text.toString()));
                    }
                    header = line.substring(4);
                    text.setLength(0);
                } else if (header != null) {
                    text.append(line).append('\n');
                }
            }
            return answers;
        }

        private static LabelledAnswer parse(String header, String text) {
            String[] parts = Arrays.stream(header.split("\\|")).map(String::strip).toArray(String[]::new);
            Map<String, String> fields = Arrays.stream(parts).skip(2).map(part -> part.split("=", 2))
                    .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
            return new LabelledAnswer(parts[0], FoiOutcome.valueOf(parts[1]),
                    Map.of("hikvision", FoiAnswer.valueOf(fields.get("hikvision")), "dahua", FoiAnswer.valueOf(fields.get("dahua"))),
                    fields.containsKey("vendors") ? List.of(fields.get("vendors").split(";")) : List.of(), text);
        }
    }
}
