package org.procwatch.ingest.lists;

/**
 * An entry of an official list that could not be used, and where it stood.
 *
 * @param position where in the document (e.g. {@code results[12]}, {@code line 40}, {@code Designation 7})
 * @param reason   why, in words a user can act on
 * @param raw      the entry as it was read, for the dead-letter topic; may be empty
 */
public record ListProblem(String position, String reason, String raw) {
}
