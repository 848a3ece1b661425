package org.procwatch.ingest.text;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.procwatch.schemas.json.ByteSearch;

/**
 * Passes valid UTF-8 through unchanged and turns every byte that is not part of a valid UTF-8 sequence into
 * the UTF-8 of its Windows-1252 character, so that a file in Latin-1, or one that mixes the two, reads as
 * the text it was meant to be, streaming and without rejecting anything. Windows-1252 is the superset of
 * ISO-8859-1 that UK publishers' "Latin-1" files really are.
 */
public final class Utf8RepairingInputStream extends FilterInputStream {

    private static final byte[][] WINDOWS_1252_AS_UTF8 = new byte[256][];

    static {
        Charset windows1252 = Charset.forName("windows-1252");
        for (int b = 0; b < 256; b++) {
            WINDOWS_1252_AS_UTF8[b] = new String(new byte[] {(byte) b}, windows1252).getBytes(StandardCharsets.UTF_8);
        }
    }

    private final byte[] in = new byte[64 * 1024];
    private int inStart;
    private int inEnd;
    private boolean eof;
    /** Bytes ready to hand out: the repaired form of what was scanned. */
    private final byte[] out = new byte[in.length * 3];
    private int outStart;
    private int outEnd;
    private long repaired;

    public Utf8RepairingInputStream(InputStream source) {
        super(source);
    }

    /** How many bytes were not UTF-8 and were read as Windows-1252. */
    public long repairedBytes() {
        return repaired;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (outStart == outEnd) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, outEnd - outStart);
        System.arraycopy(out, outStart, buffer, offset, n);
        outStart += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] discard = new byte[(int) Math.min(n, 8192)];
        int read = read(discard, 0, discard.length);
        return Math.max(read, 0);
    }

    @Override
    public int available() {
        return outEnd - outStart;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads more input and repairs it into the output buffer; false at the end of the input. */
    private boolean fill() throws IOException {
        if (inStart > 0) {
            System.arraycopy(in, inStart, in, 0, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
        }
        if (!eof) {
            int n = super.read(in, inEnd, in.length - inEnd);
            if (n < 0) {
                eof = true;
            } else {
                inEnd += n;
            }
        }
        if (inStart == inEnd) {
            return !eof;
        }
        outStart = 0;
        outEnd = 0;
        int i = inStart;
        while (i < inEnd) {
            int ascii = ByteSearch.firstNonAscii(in, i, inEnd);
            if (ascii > i) {
                System.arraycopy(in, i, out, outEnd, ascii - i);
                outEnd += ascii - i;
                i = ascii;
                continue;
            }
            int b = in[i] & 0xff;
            int length = sequenceLength(i);
            if (length == 0 && !eof) {
                break; // a sequence cut by the end of the buffer: finish it after the next read
            }
            if (length > 0) {
                System.arraycopy(in, i, out, outEnd, length);
                outEnd += length;
                i += length;
            } else {
                byte[] replacement = WINDOWS_1252_AS_UTF8[b];
                System.arraycopy(replacement, 0, out, outEnd, replacement.length);
                outEnd += replacement.length;
                repaired++;
                i++;
            }
        }
        inStart = i;
        return true;
    }

    /**
     * The length of the valid UTF-8 sequence starting at {@code i}; -1 when it is not valid UTF-8, 0 when
     * the bytes available end before it could be told.
     */
    private int sequenceLength(int i) {
        int lead = in[i] & 0xff;
        int length;
        int secondMin = 0x80;
        int secondMax = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            if (lead == 0xe0) {
                secondMin = 0xa0; // no overlong forms
            } else if (lead == 0xed) {
                secondMax = 0x9f; // no surrogates
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            if (lead == 0xf0) {
                secondMin = 0x90;
            } else if (lead == 0xf4) {
                secondMax = 0x8f; // nothing above U+10FFFF
            }
        } else {
            return -1;
        }
        for (int k = 1; k < length; k++) {
            if (i + k >= inEnd) {
                return eof ? -1 : 0;
            }
            int next = in[i + k] & 0xff;
            int min = k == 1 ? secondMin : 0x80;
            int max = k == 1 ? secondMax : 0xbf;
            if (next < min || next > max) {
                return -1;
            }
        }
        return length;
    }
}
