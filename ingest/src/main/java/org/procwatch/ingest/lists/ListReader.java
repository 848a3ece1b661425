package org.procwatch.ingest.lists;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads one official list, as its publisher serves it, into watchlist entities, entry by entry: a list of
 * tens of thousands of entries is never held whole. An entry that cannot be used is reported and skipped.
 */
public interface ListReader {

    /** A whole list, where what it leaves out is no longer listed; or a delta, which says what it removes. */
    enum Kind { WHOLE, DELTA }

    /**
     * @param in       the document
     * @param changes  each entity listed (or, in a delta, removed), in the order the document has them
     * @param problems each entry that could not be used
     * @return whether the document was the whole list or a delta
     * @throws IOException when the document is not one of this list's at all (then nothing should be trusted)
     */
    Kind read(InputStream in, Consumer<ListChange> changes, Consumer<ListProblem> problems) throws IOException;
}
