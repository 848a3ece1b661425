package org.procwatch.ingest.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.procwatch.schemas.json.ByteSearch;

/**
 * Splits a stream into lines as bytes, without decoding them into strings: JSON Lines are parsed straight
 * from the bytes. A line is {@link #bytes()} from 0 to {@link #length()}, without its {@code \n} or {@code \r\n},
 * valid until the next call of {@link #next()}. A line longer than the cap keeps only its first bytes up to the cap
 * and is {@link #isCut() cut}; the rest is read past, not held: a file whose one line decompresses to gigabytes costs
 * the cap, not the line.
 */
public final class ByteLines {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkStart;
    private int chunkEnd;
    private byte[] line = new byte[8 * 1024];
    private int length;
    private long fullLength;

    /** @param maxLineBytes the most of a line held; a longer line is {@link #isCut() cut} */
    public ByteLines(InputStream in, int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("the longest line must be a positive number of bytes, was " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Moves to the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        length = 0;
        fullLength = 0;
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
            int newline = ByteSearch.indexOf(chunk, chunkStart, chunkEnd, (byte) '\n');
            append(chunkStart, newline - chunkStart);
            if (newline < chunkEnd) {
                chunkStart = newline + 1;
                if (!isCut() && length > 0 && line[length - 1] == '\r') {
                    length--;
                    fullLength--;
                }
                return true;
            }
            chunkStart = chunkEnd;
        }
    }

    public byte[] bytes() {
        return line;
    }

    /** How many of the line's bytes are held: all of them unless it is {@link #isCut() cut}. */
    public int length() {
        return length;
    }

    /** Whether the line was longer than the cap, and only its beginning is held. */
    public boolean isCut() {
        return fullLength > length;
    }

    /** The line's whole length in bytes, held or not. */
    public long fullLength() {
        return fullLength;
    }

    /** Whether the line holds nothing but white space. */
    public boolean isBlank() {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return !isCut();
    }

    private void append(int from, int count) {
        fullLength += count;
        int kept = Math.min(count, maxLineBytes - length);
        if (kept <= 0) {
            return;
        }
        if (length + kept > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max(2L * line.length, length + kept)));
        }
        System.arraycopy(chunk, from, line, length, kept);
        length += kept;
    }
}
