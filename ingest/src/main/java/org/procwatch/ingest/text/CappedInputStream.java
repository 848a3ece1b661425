package org.procwatch.ingest.text;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a stream through until more than a limit of bytes has passed, then fails with
 * {@link InputTooLargeException}: a reader that holds what it reads (a table, a watchlist) or that would read
 * without end (a compression bomb) stops at a known cost, with a reason, instead of filling the memory or the day.
 */
public final class CappedInputStream extends FilterInputStream {

    /** Thrown once more than the limit has been read. */
    public static final class InputTooLargeException extends IOException {
        InputTooLargeException(String message) {
            super(message);
        }
    }

    private final long limit;
    private final String overLimit;
    private long count;
    private boolean over;

    /**
     * @param overLimit what the exception says, e.g. {@code "it decompresses to more than 64 GB (--max-decompressed-size)"}
     */
    public CappedInputStream(InputStream in, long limit, String overLimit) {
        super(in);
        this.limit = limit;
        this.overLimit = overLimit;
    }

    /** Every byte up to the limit is handed out; the read that would pass it fails. */
    @Override
    public int read() throws IOException {
        requireUnder();
        int b = super.read();
        if (b >= 0 && ++count > limit) {
            over = true;
            requireUnder();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        requireUnder();
        // One byte past the limit is asked for, to tell a stream of exactly the limit from a longer one.
        int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
        if (n <= 0) {
            return n;
        }
        count += n;
        if (count > limit) {
            over = true;
            count = limit;
            if (--n == 0) {
                requireUnder();
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        while (skipped < n) {
            int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    /** None once the limit is reached, so that a buffer above hands out what it has before asking for more. */
    @Override
    public int available() throws IOException {
        return over ? 0 : super.available();
    }

    @Override
    public boolean markSupported() {
        return false; // a reset would count bytes twice
    }

    private void requireUnder() throws InputTooLargeException {
        if (over) {
            throw new InputTooLargeException(overLimit);
        }
    }
}
