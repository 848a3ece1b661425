package org.procwatch.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.enrich.ocds.ProcessTree;

class RecentProcessesTest {

    private static final MergeRules RULES = MergeRules.forVersion("1.1");

    /** A process of {@code releases} releases, each restating one long description, so that only the last one's is kept. */
    private static ProcessTree process(String ocid, int releases, int descriptionLength) {
        ProcessTree process = new ProcessTree(ocid, RULES, false);
        for (int i = 1; i <= releases; i++) {
            byte[] json = ("{\"ocid\": \"" + ocid + "\", \"id\": \"" + i + "\", \"date\": \"2024-01-" + (10 + i) + "\", \"tender\": "
                    + "{\"description\": \"" + "x".repeat(descriptionLength) + i + "\"}}").getBytes(StandardCharsets.UTF_8);
            process.merge(json, 0, json.length, () -> null);
        }
        return process;
    }

    private static CompileState stored(ProcessTree process) {
        return CompileState.decode(CompileState.encode("1.1", List.of(), "https://example.org", 0, 0, process).bytes());
    }

    @Test
    void shouldKeepAtMostSoManyProcessesTheLatestUsed() {
        RecentProcesses recent = new RecentProcesses(3, 1 << 20);
        for (String ocid : List.of("a", "b", "c", "d")) {
            ProcessTree process = process(ocid, 1, 10);
            recent.put(ocid, stored(process), process, RULES);
        }

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.take("a")).as("the eldest went first").isNull();
        assertThat(recent.take("d").process().ocid()).isEqualTo("d");
        assertThat(recent.size()).isEqualTo(2);
    }

    @Test
    void shouldReadBackAProcessHoldingSlicesOfManyReleasesFromItsStoredBytesAndForgetTheEldestPastItsBytes() {
        RecentProcesses recent = new RecentProcesses(64, 80_000);
        ProcessTree merged = process("big", 20, 1_000);
        CompileState stored = stored(merged);
        assertThat(merged.heldBytes()).as("20 releases of ~1 kB reachable").isGreaterThan(20_000);

        recent.put("big", stored, merged, RULES);

        RecentProcesses.Known kept = recent.take("big");
        assertThat(kept.process()).as("read back, as it held more than its share").isNotSameAs(merged);
        assertThat(kept.process().heldBytes()).isLessThan(2_000);
        assertThat(kept.process().compiledRelease()).isEqualTo(merged.compiledRelease());
        assertThat(recent.bytes()).isZero();

        for (int i = 0; i < 20; i++) {
            ProcessTree small = process("p" + i, 1, 8_000);
            recent.put("p" + i, stored(small), small, RULES);
        }
        assertThat(recent.bytes()).isLessThanOrEqualTo(80_000);
        assertThat(recent.size()).isBetween(8, 9);
    }

    @Test
    void shouldNotKeepAProcessWhoseStoredStateAloneIsOverItsShare() {
        RecentProcesses recent = new RecentProcesses(64, 80_000);
        ProcessTree huge = process("huge", 1, 20_000);

        recent.put("huge", stored(huge), huge, RULES);

        assertThat(recent.size()).isZero();
        assertThat(recent.bytes()).isZero();
    }
}
