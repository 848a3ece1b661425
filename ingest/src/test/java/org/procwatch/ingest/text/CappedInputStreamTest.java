package org.procwatch.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class CappedInputStreamTest {

    private static InputStream capped(int size, long limit) {
        return new CappedInputStream(new ByteArrayInputStream(new byte[size]), limit, "over");
    }

    @Test
    void shouldPassAStreamOfExactlyTheLimit() throws IOException {
        assertThat(capped(1000, 1000).readAllBytes()).hasSize(1000);
    }

    @Test
    void shouldHandOutEveryByteUpToTheLimitThroughABufferAndThenFail() {
        // The buffer above asks for more than the limit in one call: the bytes within it must still come out first.
        InputStream in = new BufferedInputStream(capped(100_000, 65_537), 8192);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[10_000];

        assertThatThrownBy(() -> {
            int n;
            while ((n = in.read(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
        }).isInstanceOf(CappedInputStream.InputTooLargeException.class).hasMessage("over");
        assertThat(out.size()).isEqualTo(65_537);
    }

    @Test
    void shouldFailByteByByteOnTheFirstByteOverTheLimit() throws IOException {
        InputStream in = capped(10, 3);
        assertThat(in.read()).isZero();
        assertThat(in.read()).isZero();
        assertThat(in.read()).isZero();
        assertThatThrownBy(in::read).isInstanceOf(CappedInputStream.InputTooLargeException.class);
        assertThatThrownBy(in::read).as("and on every read after").isInstanceOf(CappedInputStream.InputTooLargeException.class);
    }
}
