package org.procwatch.ingest.poll.whatdotheyknow;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.procwatch.ingest.poll.PoliteHttpClient;

/**
 * What one harvest of WhatDoTheyKnow (or another Alaveteli site) does, fixed when it starts.
 *
 * @param baseUrl        the site
 * @param query          the feed search's query (Alaveteli's search syntax); the date range is added to it
 * @param from           the first day of requests to harvest
 * @param to             the day after the last one; null for up to today (and for following)
 * @param follow         whether to keep harvesting, every {@code pollInterval}
 * @param pollInterval   how often a follow walks the search again
 * @param http           how politely the site is read
 * @param maxPages       the most feed pages of one walk (25 events a page): a cap, reported when reached
 * @param maxAttachments the most attachments read per request
 */
public record WhatDoTheyKnowSettings(String baseUrl, String query, LocalDate from, LocalDate to, boolean follow, Duration pollInterval,
                                     PoliteHttpClient.Settings http, int maxPages, int maxAttachments) {

    /** Requests about CCTV that name either firm. */
    public static final String DEFAULT_QUERY = "cctv (hikvision OR dahua)";
    /** Where the campaign's requests begin: the year the US listed both firms. */
    public static final LocalDate DEFAULT_FROM = LocalDate.of(2019, 1, 1);
    /** One attachment at most this large: answers are a few pages; a larger file is noted and passed over. */
    public static final int MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

    /** The most feed pages of one walk: 10,000 events. */
    static final int MAX_PAGES = 400;
    /** The most attachments read of one request. */
    static final int MAX_ATTACHMENTS = 20;

    private static final DateTimeFormatter ALAVETELI_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    public WhatDoTheyKnowSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("the search query must not be empty");
        }
        if (follow && to != null) {
            throw new IllegalArgumentException("an end and following conflict: following harvests past any end");
        }
        if (to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("the end (" + to + ") must come after the start (" + from + ")");
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || maxPages < 1 || maxAttachments < 0) {
            throw new IllegalArgumentException("the poll interval and the page cap must be positive");
        }
        new AlaveteliSite(baseUrl);
    }

    /**
     * A harvest of WhatDoTheyKnow (or the site at {@code baseUrl}) read as docs/foi-whatdotheyknow.md says: one
     * request a second, Retry-After or 10 s doubling to 10 minutes over 8 tries, 5 MB an attachment, 32 MB kept
     * for conditional requests.
     *
     * @param baseUrl null for WhatDoTheyKnow
     * @param query   null for {@link #DEFAULT_QUERY}
     * @param from    null for {@link #DEFAULT_FROM}
     */
    public static WhatDoTheyKnowSettings standard(String baseUrl, String query, LocalDate from, LocalDate to, boolean follow,
                                                  Duration pollInterval, String userAgent) {
        PoliteHttpClient.Settings http = new PoliteHttpClient.Settings(userAgent, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(10), 8, MAX_ATTACHMENT_BYTES, 32L * 1024 * 1024);
        return new WhatDoTheyKnowSettings(baseUrl == null ? AlaveteliSite.WHATDOTHEYKNOW : baseUrl, query == null ? DEFAULT_QUERY : query,
                from == null ? DEFAULT_FROM : from, to, follow, pollInterval, http, MAX_PAGES, MAX_ATTACHMENTS);
    }

    /**
     * The query with the days to search, in Alaveteli's range syntax ({@code 01/01/2024..31/12/2024},
     * both ends included, on the day each event happened).
     */
    String searchQuery(LocalDate today) {
        LocalDate last = to == null ? today : to.minusDays(1);
        return query.strip() + " " + ALAVETELI_DATE.format(from) + ".." + ALAVETELI_DATE.format(last);
    }
}
