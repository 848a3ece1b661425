package org.procwatch.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.enrich.ocds.ProcessTree;
import org.procwatch.enrich.ocds.ProcessTreeCodec;
import org.procwatch.enrich.ocds.StateOutput;

class CompileStateTest {

    private static final MergeRules RULES = MergeRules.forVersion("1.1");

    private static ProcessTree process() {
        ProcessTree process = new ProcessTree("ocds-b5fd17-1", RULES, false);
        byte[] release = """
                {"ocid": "ocds-b5fd17-1", "id": "1", "date": "2026-01-01T00:00:00Z", "tag": ["tender"],
                 "tender": {"title": "CCTV", "value": {"amount": 1000, "currency": "GBP"}}}""".getBytes(StandardCharsets.UTF_8);
        process.merge(release, 0, release.length, () -> null);
        return process;
    }

    @Test
    void shouldReadBackWhatItStoredWithTheReleaseTimestampAndExposureDigest() {
        ProcessTree process = process();
        CompileState stored = CompileState.decode(CompileState.encode("1.1", List.of("https://example.org/ext"), "https://example.org/n1",
                1_700_000_000_123L, -42L, process).bytes());

        assertThat(stored.version()).isEqualTo("1.1");
        assertThat(stored.extensions()).containsExactly("https://example.org/ext");
        assertThat(stored.sourceUrl()).isEqualTo("https://example.org/n1");
        assertThat(stored.timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(stored.exposureDigest()).isEqualTo(-42L);
        assertThat(stored.processToRead().compiledRelease()).isEqualTo(process.compiledRelease());
    }

    /** Format 2, which enrich stored before the compile and screening stores became one, has no timestamp or digest. */
    @Test
    void shouldReadAStateOfFormat2WithNoTimestampAndAnUnknownDigest() {
        ProcessTree process = process();
        StateOutput format2 = new StateOutput(256).writeByte(2).writeString("1.1").writeCount(0).writeString("https://example.org/n1");
        ProcessTreeCodec.write(process, format2);

        CompileState stored = CompileState.decode(format2.toByteArray());

        assertThat(stored.sourceUrl()).isEqualTo("https://example.org/n1");
        assertThat(stored.timestamp()).isZero();
        assertThat(stored.exposureDigest()).isEqualTo(CompileState.NO_DIGEST);
        assertThat(stored.process(RULES).compiledRelease()).isEqualTo(process.compiledRelease());
    }

    @Test
    void shouldReadAContractBackFromItsStoredProcess() {
        ProcessTree process = process();
        byte[] stored = CompileState.encode("1.1", List.of(), "https://example.org/n1", 5L, 0L, process).bytes();

        StoredProcesses.Compiled compiled = StoredProcesses.read("ocds-b5fd17-1", CompileState.decode(stored));

        assertThat(compiled.timestamp()).isEqualTo(5L);
        assertThat(compiled.contract().getTitle()).isEqualTo("CCTV");
        assertThat(compiled.contract().getValueAmount()).isEqualTo(1000.0);
        assertThat(compiled.contract().getReleaseCount()).isEqualTo(1);
        assertThat(compiled.contract().getCompiledReleaseJson()).isEqualTo(new String(process.compiledRelease(), StandardCharsets.UTF_8));
    }
}
