package org.procwatch.ingest.lists;

/**
 * An entry of an official list that could not be used, and where it stood.
 *
 * @param position where in the document (e.g. {@code results[12]}, {@code line 40}, {@code Designation 7})
 * @param reason   why, in words a user can act on
 * @param raw      the entry as it was read, for the dead-letter topic; may be empty
 * @param readPast whether the entry was too large to be read at all: unlike an entry that was read and found
 *                 unusable, nothing is known of it, not even whether it is still listed
 */
public record ListProblem(String position, String reason, String raw, boolean readPast) {

    public ListProblem(String position, String reason, String raw) {
        this(position, reason, raw, false);
    }

    /** An entry over the size limit, read past: it is not kept, so neither is it in the dead letter. */
    static ListProblem tooLarge(String position, int maxEntryBytes) {
        return new ListProblem(position, String.format("the entry is over %,d bytes, the limit; it was read past "
                + "(the limit is --max-entry-size of ingest lists, --max-release-size of ingest files)", maxEntryBytes), null, true);
    }
}
