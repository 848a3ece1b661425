package org.procwatch.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLinesTest {

    @Test
    void shouldSplitOnNewlinesDroppingCarriageReturnsAndKeepAnUnterminatedLastLine() throws IOException {
        assertThat(lines("one\r\ntwo\n\n  \nthree")).containsExactly("one", "two", "", "  ", "three");
    }

    @Test
    void shouldKeepLinesLongerThanItsBuffers() throws IOException {
        String longLine = "x".repeat(200_000);

        assertThat(lines(longLine + "\nshort\n")).containsExactly(longLine, "short");
    }

    @Test
    void shouldHoldNoMoreOfALineThanTheCapAndGoOnWithTheNext() throws IOException {
        // Endless bytes without a newline, then one: the line is read past, never held whole.
        InputStream endless = new SequenceInputStream(new InputStream() {
            private long left = 50L * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(count, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
                left -= n;
                return n;
            }
        }, new ByteArrayInputStream("\r\nnext\r\n".getBytes(StandardCharsets.UTF_8)));
        ByteLines lines = new ByteLines(endless, 100_000);

        assertThat(lines.next()).isTrue();
        assertThat(lines.isCut()).isTrue();
        assertThat(lines.length()).isEqualTo(100_000);
        assertThat(lines.bytes().length).as("the buffer grew to the cap, no further").isEqualTo(100_000);
        assertThat(lines.fullLength()).isEqualTo(50L * 1024 * 1024 + 1);
        assertThat(lines.isBlank()).isFalse();
        assertThat(lines.next()).isTrue();
        assertThat(lines.isCut()).isFalse();
        assertThat(new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8)).isEqualTo("next");
        assertThat(lines.fullLength()).isEqualTo(4);
        assertThat(lines.next()).isFalse();
    }

    @Test
    void shouldKeepALineOfExactlyTheCapWhole() throws IOException {
        ByteLines lines = new ByteLines(new ByteArrayInputStream("abcd\nabcde\n".getBytes(StandardCharsets.UTF_8)), 4);

        assertThat(lines.next()).isTrue();
        assertThat(lines.isCut()).isFalse();
        assertThat(lines.next()).isTrue();
        assertThat(lines.isCut()).isTrue();
        assertThat(lines.length()).isEqualTo(4);
    }

    @Test
    void shouldTellBlankLines() throws IOException {
        ByteLines lines = new ByteLines(new ByteArrayInputStream(" \t\r\n{}\n".getBytes(StandardCharsets.UTF_8)), 1024);

        assertThat(lines.next()).isTrue();
        assertThat(lines.isBlank()).isTrue();
        assertThat(lines.next()).isTrue();
        assertThat(lines.isBlank()).isFalse();
        assertThat(lines.next()).isFalse();
    }

    private static List<String> lines(String text) throws IOException {
        ByteLines lines = new ByteLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        List<String> read = new ArrayList<>();
        while (lines.next()) {
            read.add(new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8));
        }
        return read;
    }
}
