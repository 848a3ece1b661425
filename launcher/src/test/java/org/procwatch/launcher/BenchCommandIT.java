package org.procwatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./procwatch bench} as CONTRACTS section 1 has it, on a small run: both rates on the same releases,
 * every release in PostgreSQL, a latency figure, and {@code ratio=} as the last line. Its figures are not
 * judged here (they are recorded in docs/benchmarks.md); that they are made, and consistently, is.
 */
class BenchCommandIT {

    private static final Pattern PASS_THROUGH = Pattern.compile("pass-through \\(Kafka Streams, exactly-once\\): 2,000 records in [\\d.]+ s = ([\\d,]+) records/s");
    private static final Pattern FLOOR = Pattern.compile(
            "floor \\(ingest → exactly-once keep-and-copy → read-committed consumer, no work of its own\\): 2,000 releases in [\\d.]+ s = "
                    + "([\\d,]+) releases/s, (\\d+\\.\\d\\d) of the pass-through");
    private static final Pattern PIPELINE = Pattern.compile(
            "pipeline \\(ingest → enrich → sink\\): 2,000 releases in [\\d.]+ s = ([\\d,]+) releases/s; 500 contracts and ([\\d,]+) alerts in PostgreSQL");
    private static final Pattern WARM_UP = Pattern.compile("pipeline, warm-up apart: the first half of the releases at ([\\d,]+) releases/s, "
            + "the second at ([\\d,]+) releases/s; the JIT's threads spent ([\\d.]+) s compiling meanwhile");
    private static final Pattern LATENCY = Pattern.compile("latency, .* at 200 releases/s for 3 s: ([\\d,]+) alerts, p50 ([\\d,]+) ms, p99 ([\\d,]+) ms.*");
    private static final Pattern RATIO = Pattern.compile("ratio=(\\d+\\.\\d\\d)");

    @Test
    void shouldMeasureThePassThroughAndThePipelineOnTheSameReleasesAndEndWithTheRatio(@TempDir Path folder) throws Exception {
        List<String> lines = run(folder, Duration.ofMinutes(10), "bench", "--records", "2000", "--latency-rate", "200",
                "--latency-seconds", "3");

        Matcher passThrough = find(lines, PASS_THROUGH);
        Matcher floor = find(lines, FLOOR);
        Matcher pipeline = find(lines, PIPELINE);
        Matcher latency = find(lines, LATENCY);
        Matcher warmUp = find(lines, WARM_UP);
        // The whole run's rate is the halves' rates averaged by their times, so it lies between them (rates printed whole).
        double first = rate(warmUp.group(1));
        double second = rate(warmUp.group(2));
        assertThat(rate(pipeline.group(1))).as("the whole run's rate, between its halves'")
                .isBetween(Math.min(first, second) - 1, Math.max(first, second) + 1);
        assertThat(Double.parseDouble(warmUp.group(3))).as("the JIT's time in a JVM that has just started the pipeline").isPositive();
        assertThat(Long.parseLong(pipeline.group(2).replace(",", ""))).as("the synthetic releases raise alerts").isPositive();
        assertThat(Long.parseLong(latency.group(1).replace(",", ""))).as("alerts timed").isPositive();
        assertThat(Long.parseLong(latency.group(2).replace(",", ""))).isLessThanOrEqualTo(Long.parseLong(latency.group(3).replace(",", "")));
        double floorShare = rate(floor.group(1)) / rate(passThrough.group(1));
        assertThat(Double.parseDouble(floor.group(2))).as("floor rate / pass-through rate").isCloseTo(floorShare,
                Offset.offset(0.011 + floorShare * 0.01));
        Matcher ratio = RATIO.matcher(lines.getLast());
        assertThat(ratio.matches()).as("the last line, %s", lines.getLast()).isTrue();
        double expected = rate(pipeline.group(1)) / rate(passThrough.group(1));
        assertThat(Double.parseDouble(ratio.group(1))).as("pipeline rate / pass-through rate").isCloseTo(expected,
                Offset.offset(0.011 + expected * 0.01));
    }

    private static final Pattern API_TIMED = Pattern.compile(
            "(/api/alerts\\S*) +p50 +([\\d.]+) ms, p99 +([\\d.]+) ms, max +([\\d.]+) ms \\((\\d+) requests\\)");

    @Test
    void shouldTimeTheAlertsApiWithTheAlertsEnrichRaised(@TempDir Path folder) throws Exception {
        List<String> lines = run(folder, Duration.ofMinutes(5), "bench-api", "--alerts", "300", "--requests", "20");

        Matcher published = find(lines, Pattern.compile("([\\d,]+) alerts published; asking the API at .*"));
        assertThat(Long.parseLong(published.group(1).replace(",", ""))).as("one alert a process at least").isGreaterThanOrEqualTo(300);
        List<Matcher> timed = lines.stream().map(API_TIMED::matcher).filter(Matcher::matches).toList();
        assertThat(timed).extracting(line -> line.group(1)).containsExactly("/api/alerts?limit=1", "/api/alerts",
                "/api/alerts?limit=1&status=active", "/api/alerts?limit=1&entity=no-such-firm");
        assertThat(timed).allSatisfy(line -> {
            double p50 = Double.parseDouble(line.group(2));
            assertThat(p50).isPositive().isLessThanOrEqualTo(Double.parseDouble(line.group(3)));
            assertThat(Double.parseDouble(line.group(3))).isLessThanOrEqualTo(Double.parseDouble(line.group(4)));
        });
        assertThat(timed).extracting(line -> line.group(5)).containsExactly("20", "20", "20", "10");
    }

    /** Runs a bench command in a process of its own; what it printed, once it has ended well within the time given. */
    private static List<String> run(Path folder, Duration patience, String command, String... options) throws Exception {
        Path out = folder.resolve(command + ".out");
        Path err = folder.resolve(command + ".err");
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(List.of(options));
        Process bench = new ProcessBuilder(RunningProcwatch.launcher(arguments)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = bench.waitFor(patience.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            bench.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(ended && bench.exitValue() == 0).as("%s ended well; it printed %s; its log: %s", command, lines, tail(err)).isTrue();
        return lines;
    }

    private static Matcher find(List<String> lines, Pattern pattern) {
        return lines.stream().map(pattern::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no line like " + pattern + " in " + lines));
    }

    private static double rate(String printed) {
        return Double.parseDouble(printed.replace(",", ""));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
