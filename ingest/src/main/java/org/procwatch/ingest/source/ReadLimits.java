package org.procwatch.ingest.source;

/**
 * How much of an input is ever held or read, so that a hostile or broken file (a line of gigabytes, a
 * compressed bomb, a table of one endless field) costs a dead letter and never the process. The defaults are
 * far beyond any real feed: Contracts Finder's largest releases are a few megabytes, its pages a few tens.
 *
 * @param maxLineBytes         the longest line of JSON Lines held; a longer one is read past and reported
 * @param maxReleaseBytes      the largest release (compact UTF-8 JSON) kept; a larger one is read past and reported
 * @param maxTableBytes        the largest FOI table or watchlist file read (these are read as a whole table)
 * @param maxDecompressedBytes the most a gzipped input may decompress to; reading stops there, with a reason
 */
public record ReadLimits(int maxLineBytes, int maxReleaseBytes, long maxTableBytes, long maxDecompressedBytes) {

    private static final int MB = 1024 * 1024;

    /** 256 MB lines and tables, 16 MB releases, 64 GB decompressed. */
    public static final ReadLimits DEFAULTS = new ReadLimits(256 * MB, 16 * MB, 256L * MB, 64L * 1024 * MB);

    public ReadLimits {
        requirePositive("longest line", maxLineBytes);
        requirePositive("largest release", maxReleaseBytes);
        requirePositive("largest table", maxTableBytes);
        requirePositive("largest decompressed input", maxDecompressedBytes);
    }

    public ReadLimits withMaxLineBytes(int bytes) {
        return new ReadLimits(bytes, maxReleaseBytes, maxTableBytes, maxDecompressedBytes);
    }

    public ReadLimits withMaxReleaseBytes(int bytes) {
        return new ReadLimits(maxLineBytes, bytes, maxTableBytes, maxDecompressedBytes);
    }

    public ReadLimits withMaxTableBytes(long bytes) {
        return new ReadLimits(maxLineBytes, maxReleaseBytes, bytes, maxDecompressedBytes);
    }

    public ReadLimits withMaxDecompressedBytes(long bytes) {
        return new ReadLimits(maxLineBytes, maxReleaseBytes, maxTableBytes, bytes);
    }

    private static void requirePositive(String what, long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the " + what + " must be a positive number of bytes, was " + bytes);
        }
    }
}
