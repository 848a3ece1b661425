package org.procwatch.launcher.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A page of a list route: {@code ?limit=} rows (1 to {@value #MAX_LIMIT}) from {@code ?offset=} (0 to
 * {@value #MAX_OFFSET}), and, when there are more, the next page named in a {@code Link: <...>; rel="next"} header
 * (RFC 8288), so that the body stays the plain array CONTRACTS section 2 gives. A replica's request for its part of a
 * table ({@code local=true}) is its whole part: the asking instance pages the table it puts together.
 *
 * @param limit  rows in the page
 * @param offset rows before it
 * @param whole  a replica's part, not a page
 */
record Page(int limit, int offset, boolean whole) {

    static final int MAX_LIMIT = 1_000;
    static final int MAX_OFFSET = 100_000;

    /** The page a request asks for, {@code defaultLimit} rows when it names no limit. */
    static Page of(Context ctx, int defaultLimit) {
        boolean whole = ApiServer.localOnly(ctx);
        // A replica is asked for as many alerts as the asking instance's page ends at, or for all it holds.
        int largest = whole ? Integer.MAX_VALUE : MAX_LIMIT;
        // Javalin runs a check on an absent parameter too (null), which then takes its default.
        int limit = ctx.queryParamAsClass("limit", Integer.class).check(n -> n == null || n > 0 && n <= largest,
                "limit must be a number from 1 to " + largest).getOrDefault(whole ? Integer.MAX_VALUE : defaultLimit);
        int offset = ctx.queryParamAsClass("offset", Integer.class).check(n -> n == null || n >= 0 && n <= MAX_OFFSET,
                "offset must be a number from 0 to " + MAX_OFFSET).getOrDefault(0);
        return new Page(limit, offset, whole);
    }

    /** How many rows, from the first, the page needs to have been read. */
    int end() {
        return (int) Math.min(Integer.MAX_VALUE - 1L, (long) offset + limit); // room for the one more that tells of a next page
    }

    /**
     * How many rows, from the first, a query must find for this page: through its end and one more, which tells
     * whether another page follows; for a replica's part, as many as the asking instance asked for.
     */
    int rowsWanted() {
        return whole ? limit : end() + 1;
    }

    /** Answers with this page of the rows, and a link to the next page when the rows go on past it. */
    void answer(Context ctx, List<JsonNode> rows) {
        if (whole) {
            ctx.json(rows);
            return;
        }
        if (rows.size() > end()) {
            ctx.header("Link", "<" + next(ctx) + ">; rel=\"next\"");
        }
        ctx.json(of(rows));
    }

    /** This page of the rows (a replica's part: all of them). */
    List<JsonNode> of(List<JsonNode> rows) {
        return whole ? rows : rows.subList(Math.min(offset, rows.size()), Math.min(end(), rows.size()));
    }

    /** This request's path and query with the next page's offset. */
    private String next(Context ctx) {
        String others = ctx.queryParamMap().entrySet().stream().filter(parameter -> !parameter.getKey().equals("offset"))
                .flatMap(parameter -> parameter.getValue().stream().map(value -> encode(parameter.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
        return ctx.path() + "?" + (others.isEmpty() ? "" : others + "&") + "offset=" + end();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
