package org.procwatch.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8RepairingInputStreamTest {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    @Test
    void shouldPassValidUtf8ThroughUnchangedEvenWhenSequencesArriveByteByByte() throws IOException {
        String text = "Caméra £5 — 監視 😀 end";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

        var repairing = new Utf8RepairingInputStream(oneByteAtATime(utf8));

        assertThat(repairing.readAllBytes()).isEqualTo(utf8);
        assertThat(repairing.repairedBytes()).isZero();
    }

    @Test
    void shouldReadLatin1AsWindows1252() throws IOException {
        byte[] latin1 = "Caméra de surveillance, £5, €10 “quoted”".getBytes(WINDOWS_1252);

        var repairing = new Utf8RepairingInputStream(new ByteArrayInputStream(latin1));

        assertThat(new String(repairing.readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("Caméra de surveillance, £5, €10 “quoted”");
        assertThat(repairing.repairedBytes()).as("é £ € “ ”").isEqualTo(5);
    }

    @Test
    void shouldRepairOnlyTheBadBytesOfAFileThatMixesTheTwo() throws IOException {
        byte[] mixed = concat("café ".getBytes(StandardCharsets.UTF_8), "café".getBytes(WINDOWS_1252));

        assertThat(repair(mixed)).isEqualTo("café café");
    }

    @Test
    void shouldRejectOverlongFormsSurrogatesAndBytesThatCannotStartASequence() throws IOException {
        // C0 AF is an overlong '/', ED A0 80 a surrogate, F5 and FF never appear in UTF-8, 0x80 stands alone.
        byte[] bad = {(byte) 0xc0, (byte) 0xaf, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xf5, (byte) 0xff, (byte) 0x80};

        assertThat(repair(bad)).isEqualTo(new String(bad, WINDOWS_1252));
    }

    @Test
    void shouldRepairASequenceCutOffByTheEndOfTheInput() throws IOException {
        byte[] cut = concat("ok ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xe2, (byte) 0x82});

        assertThat(repair(cut)).isEqualTo("ok " + new String(new byte[] {(byte) 0xe2, (byte) 0x82}, WINDOWS_1252));
    }

    @Test
    void shouldKeepSequencesWholeAcrossItsOwnBufferBoundary() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            text.append("é€😀a");
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);

        assertThat(repair(utf8)).isEqualTo(text.toString());
    }

    private static String repair(byte[] bytes) throws IOException {
        try (var in = new Utf8RepairingInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream oneByteAtATime(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
