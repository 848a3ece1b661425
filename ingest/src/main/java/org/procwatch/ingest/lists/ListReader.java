package org.procwatch.ingest.lists;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads one official list, as its publisher serves it, into watchlist entities, entry by entry: a list of
 * tens of thousands of entries is never held whole. An entry that cannot be used is reported and skipped.
 */
public interface ListReader {

    /**
     * @param in       the document
     * @param changes  each entity listed (or, in a delta, removed), in the order the document has them
     * @param problems each entry that could not be used
     * @throws IOException when the document is not one of this list's at all (then nothing should be trusted)
     */
    void read(InputStream in, Consumer<ListChange> changes, Consumer<ListProblem> problems) throws IOException;
}
