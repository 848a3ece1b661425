package org.procwatch.ingest.lists;

/**
 * How much of an official list is ever read or held, so that a hostile or broken list (a compressed bomb, an
 * entry of gigabytes, millions of made-up entities) is refused with a reason and never costs the process. The
 * defaults are far beyond the real lists: OpenSanctions' sanctions export, the largest, is well under a
 * gigabyte and its largest entities tens of kilobytes; the CSL has about ten thousand entries.
 *
 * @param maxBytes       the largest list, as downloaded and as decompressed
 * @param maxEntryBytes  the largest entry (an entity, a designation, a row), as compact JSON or text; a larger one
 *                       is read past and goes to the dead-letter topic
 * @param maxEntities    the most entities a whole list may name: a list is held whole to be compared with the last
 */
public record ListLimits(long maxBytes, int maxEntryBytes, int maxEntities) {

    private static final int MB = 1024 * 1024;

    /** 4 GB lists, 16 MB entries, a million entities. */
    public static final ListLimits DEFAULTS = new ListLimits(4096L * MB, 16 * MB, 1_000_000);

    public ListLimits {
        if (maxBytes < 1 || maxEntryBytes < 1 || maxEntities < 1) {
            throw new IllegalArgumentException("a list's size, its largest entry and its number of entities must be positive");
        }
    }

    public ListLimits withMaxBytes(long bytes) {
        return new ListLimits(bytes, maxEntryBytes, maxEntities);
    }

    public ListLimits withMaxEntryBytes(int bytes) {
        return new ListLimits(maxBytes, bytes, maxEntities);
    }
}
