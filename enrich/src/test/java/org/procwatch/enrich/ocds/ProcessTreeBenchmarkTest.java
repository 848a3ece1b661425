package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

class ProcessTreeBenchmarkTest {

    /** The benchmark's sample makes what it should, so that its figures are of the real work. */
    @Test
    void shouldCompileEveryProcessOfTheBenchmarksSample() throws Exception {
        ProcessTreeBenchmark benchmark = new ProcessTreeBenchmark();
        benchmark.readReleases();
        ObjectMapper json = new ObjectMapper();
        benchmark.processes().forEach((ocid, releases) -> {
            assertThat(releases).hasSize(4);
            try {
                byte[] compiled = ProcessTreeBenchmark.compiled(ocid, releases);
                assertThat(json.readTree(compiled).get("ocid").asText()).isEqualTo(ocid);
                assertThat(ProcessTreeBenchmark.compiledThroughTheStore(ocid, releases, tree -> assertThat(tree.get("ocid").asText()).isEqualTo(ocid))).isEqualTo(compiled);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Runs the JMH benchmark (about a minute): {@code ./mvnw -pl enrich test -Dtest=ProcessTreeBenchmarkTest -Dprocwatch.jmh=true}. */
    @Test
    @EnabledIfSystemProperty(named = "procwatch.jmh", matches = "true", disabledReason = "a benchmark, not a test: run with -Dprocwatch.jmh=true")
    void runTheBenchmark() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(ProcessTreeBenchmark.class.getName()).build()).run();
        assertThat(results).hasSize(3);
    }
}
