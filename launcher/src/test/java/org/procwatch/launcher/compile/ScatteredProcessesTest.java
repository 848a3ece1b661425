package org.procwatch.launcher.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.ingest.ocds.OcdsSource;

class ScatteredProcessesTest {

    @TempDir
    Path dir;

    /** The releases a process was compiled from, as the test's writer makes it: their JSON, one after another. */
    private static RunCompile.Made releasesOf(String ocid, Gathered process) {
        List<String> releases = new ArrayList<>();
        process.releases.forEach(release -> releases.add(new String(release.json(), StandardCharsets.UTF_8) + " @" + release.where()));
        return new RunCompile.Made(String.join("|", releases).getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void shouldHoldOneBucketOfProcessesAtATimeAndCompileEachFromAllItsReleasesInOrder() throws IOException {
        OcdsSource source = OcdsSource.unpackaged("input.jsonl");
        Set<String> scattered = Set.of("a", "b", "c", "d", "e", "f");
        try (Spill spill = new Spill(dir);
             RunCompile runs = new RunCompile(2, ExtensionSchemas.none(), (ocid, process, rules, err) -> releasesOf(ocid, process), spill);
             ScatteredProcesses whole = new ScatteredProcesses(scattered, 6_000, 4 * (ScatteredProcesses.JVM_OWN_BYTES + 1_000), 100, dir)) {
            assertThat(whole.bucketCount()).as("6,000 bytes held four times over, in the 1,000 a quarter leaves beside the JVM's own")
                    .isEqualTo(24);
            for (int round = 1; round <= 2; round++) {
                for (String ocid : List.of("a", "b", "c", "d", "e", "f", "lone")) {
                    whole.release(ocid, ("{\"ocid\":\"" + ocid + "\",\"n\":" + round + "}").getBytes(StandardCharsets.UTF_8), source,
                            "line " + round);
                }
            }
            whole.compile(runs);

            assertThat(whole.size()).isEqualTo(6);
            assertThat(whole.entry("lone")).as("not scattered, not compiled again").isNull();
            assertThat(new String(whole.json(whole.entry("c")), StandardCharsets.UTF_8))
                    .isEqualTo("{\"ocid\":\"c\",\"n\":1} @input.jsonl line 1|{\"ocid\":\"c\",\"n\":2} @input.jsonl line 2");
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("buckets and spills deleted").isEmpty();
        }
    }

    @Test
    void shouldMakeNoFileWhenNoProcessWasScattered() throws IOException {
        try (ScatteredProcesses none = new ScatteredProcesses(Set.of(), 0, 4_000, 100, dir)) {
            none.release("lone", "{}".getBytes(StandardCharsets.UTF_8), OcdsSource.unpackaged("input.jsonl"), "line 1");
            assertThat(none.bucketCount()).isZero();
            assertThat(none.entry("lone")).isNull();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).as("grouped input writes no bucket and no spill").isEmpty();
            }
        }
    }
}
