package org.procwatch.ingest.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * An OCDS search API that serves release packages for a date window, page by page through {@code links.next}.
 *
 * @param name      the source's name in metadata and checkpoints
 * @param baseUrl   where the API is (configurable, so tests and mirrors can stand in)
 * @param path      the search path
 * @param fromParam the query parameter of the window's start
 * @param toParam   the query parameter of the window's end
 * @param window    how long one window is: longer windows make some APIs silently drop releases
 * @param pageSize  releases asked for per page
 * @param bounds    how the window's bounds are written in the query
 * @param recordPath where a process's record is, before its ocid; null when the source serves none
 */
public record ApiSource(String name, String baseUrl, String path, String fromParam, String toParam, Duration window, int pageSize,
                        DateTimeFormatter bounds, String recordPath) {

    /** How Contracts Finder wants its window bounds written (UTC). */
    static final DateTimeFormatter PARAMETER_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    /** Find a Tender's: UTC, said so with a Z, as its documentation and Kingfisher Collect write them. */
    static final DateTimeFormatter UTC_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** A source whose bounds are written as Contracts Finder's are. */
    public ApiSource(String name, String baseUrl, String path, String fromParam, String toParam, Duration window, int pageSize) {
        this(name, baseUrl, path, fromParam, toParam, window, pageSize, PARAMETER_FORMAT, null);
    }

    /** A source with no record endpoint to read a process's whole history from. */
    public ApiSource(String name, String baseUrl, String path, String fromParam, String toParam, Duration window, int pageSize,
                     DateTimeFormatter bounds) {
        this(name, baseUrl, path, fromParam, toParam, window, pageSize, bounds, null);
    }

    /** The same source, not reading processes' records (a backfill that has them already, or cannot wait for them). */
    public ApiSource withoutRecords() {
        return new ApiSource(name, baseUrl, path, fromParam, toParam, window, pageSize, bounds, null);
    }

    /** Where the record (every release) of a process is, when the source serves records; empty when it does not. */
    Optional<URI> record(String ocid) {
        return recordPath == null ? Optional.empty()
                : Optional.of(URI.create(baseUrl + recordPath + URLEncoder.encode(ocid,
                StandardCharsets.UTF_8).replace("+", "%20")));
    }

    /** A window bound as the source wants it written. */
    String format(Instant bound) {
        return bounds.format(bound);
    }

    /** Contracts Finder: 15-day windows of published notices. */
    public static ApiSource contractsFinder(String baseUrl) {
        // Its search serves only a notice's recent releases; the record holds all of them (Kingfisher Collect #917).
        return new ApiSource("contracts-finder", baseUrl, "/Published/Notices/OCDS/Search", "publishedFrom", "publishedTo",
                Duration.ofDays(15), 100, PARAMETER_FORMAT, "/Published/OCDS/Record/");
    }

    /** Find a Tender: 6-hour windows of updated release packages. */
    public static ApiSource findATender(String baseUrl) {
        return new ApiSource("find-a-tender", baseUrl, "/api/1.0/ocdsReleasePackages", "updatedFrom", "updatedTo",
                Duration.ofHours(6), 100, UTC_FORMAT);
    }
}
