package org.procwatch.ingest.text;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Inputs may come gzipped, whatever their name says: the content decides. */
public final class Gzip {

    private static final int BUFFER = 1 << 16;

    private Gzip() {
    }

    /** The stream's content, decompressed when it starts with the gzip magic bytes; buffered either way. */
    public static InputStream decompressIfGzipped(InputStream raw) throws IOException {
        InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER) : in;
    }
}
