package org.procwatch.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
    void shouldTellBlankLines() throws IOException {
        ByteLines lines = new ByteLines(new ByteArrayInputStream(" \t\r\n{}\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(lines.next()).isTrue();
        assertThat(lines.isBlank()).isTrue();
        assertThat(lines.next()).isTrue();
        assertThat(lines.isBlank()).isFalse();
        assertThat(lines.next()).isFalse();
    }

    private static List<String> lines(String text) throws IOException {
        ByteLines lines = new ByteLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        List<String> read = new ArrayList<>();
        while (lines.next()) {
            read.add(new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8));
        }
        return read;
    }
}
