package org.procwatch.ingest.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines as bytes, without decoding them into strings: JSON Lines are parsed straight
 * from the bytes. A line is {@link #bytes()} from 0 to {@link #length()}, without its {@code \n} or {@code \r\n},
 * valid until the next call of {@link #next()}.
 */
public final class ByteLines {

    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkStart;
    private int chunkEnd;
    private byte[] line = new byte[8 * 1024];
    private int length;

    public ByteLines(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        length = 0;
        boolean any = false;
        while (true) {
            if (chunkStart == chunkEnd) {
                int n = in.read(chunk);
                if (n < 0) {
                    return any;
                }
                chunkStart = 0;
                chunkEnd = n;
            }
            any = true;
            int newline = chunkStart;
            while (newline < chunkEnd && chunk[newline] != '\n') {
                newline++;
            }
            append(chunkStart, newline - chunkStart);
            if (newline < chunkEnd) {
                chunkStart = newline + 1;
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return true;
            }
            chunkStart = chunkEnd;
        }
    }

    public byte[] bytes() {
        return line;
    }

    public int length() {
        return length;
    }

    /** Whether the line holds nothing but white space. */
    public boolean isBlank() {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private void append(int from, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(chunk, from, line, length, count);
        length += count;
    }
}
