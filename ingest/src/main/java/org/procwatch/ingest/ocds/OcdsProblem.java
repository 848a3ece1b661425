package org.procwatch.ingest.ocds;

/**
 * Something in a document that is not a usable release: a line that is not JSON, a value that is not an
 * object, a linked release without its content, a document that breaks off.
 *
 * @param uri      the file or URL
 * @param position where in it (e.g. {@code line 7}, {@code records[2].releases[0]}), or null for the whole document
 * @param reason   what is wrong, for a person
 * @param raw      the offending text where it is small enough to keep, else null
 */
public record OcdsProblem(String uri, String position, String reason, String raw) {
}
