package org.procwatch.ingest.text;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.procwatch.ingest.source.ReadLimits;

/** Inputs may come gzipped, whatever their name says: the content decides. */
public final class Gzip {

    private static final int BUFFER = 1 << 16;

    private Gzip() {
    }

    /** As {@link #decompressIfGzipped(InputStream, long)}, within the default limit of decompressed bytes. */
    public static InputStream decompressIfGzipped(InputStream raw) throws IOException {
        return decompressIfGzipped(raw, ReadLimits.DEFAULTS.maxDecompressedBytes());
    }

    /**
     * The stream's content, decompressed when it starts with the gzip magic bytes; buffered either way.
     *
     * @param maxDecompressedBytes reading past this many decompressed bytes throws
     *                             {@link CappedInputStream.InputTooLargeException}: a small file that inflates
     *                             without end (a compression bomb) ends as an error, not a day of work
     */
    public static InputStream decompressIfGzipped(InputStream raw, long maxDecompressedBytes) throws IOException {
        return decompressIfGzipped(raw, maxDecompressedBytes, "--max-decompressed-size");
    }

    /** As {@link #decompressIfGzipped(InputStream, long)}, where {@code option} is what sets the limit. */
    public static InputStream decompressIfGzipped(InputStream raw, long maxDecompressedBytes, String option) throws IOException {
        InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first != 0x1f || second != 0x8b) {
            return in;
        }
        return new BufferedInputStream(new CappedInputStream(new GZIPInputStream(in, BUFFER), maxDecompressedBytes,
                String.format("it decompresses to more than %,d bytes, the limit (%s)", maxDecompressedBytes, option)), BUFFER);
    }
}
