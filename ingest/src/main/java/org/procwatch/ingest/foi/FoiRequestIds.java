package org.procwatch.ingest.foi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.procwatch.ingest.text.Digest;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.SourceMetadata;

/**
 * One id per FOI request, whatever its source: a request read from WhatDoTheyKnow is
 * {@code whatdotheyknow:<url_title>}, and so is a table row whose {@code source_url} is that request's page,
 * so the same request from a poll and from a campaign's spreadsheet is one record, not two; and one ingest key
 * for a request's content, so that neither publishes it again unchanged.
 */
public final class FoiRequestIds {

    /** The id prefix of requests on WhatDoTheyKnow. */
    public static final String WHATDOTHEYKNOW_PREFIX = "whatdotheyknow:";

    private static final Pattern REQUEST_PAGE = Pattern.compile(
            "(?i)^https?://(?:www\\.)?whatdotheyknow\\.com/request/([a-z0-9][a-z0-9_-]*)(?:[/?#.].*)?$");

    private FoiRequestIds() {
    }

    /**
     * What makes a record of a request the same as one ingested before, whatever it was read from: its id and
     * its content, where it was read and when left out. A request read again unchanged is not published again.
     */
    public static String ingestKey(FoiResponse response) {
        String content = FoiResponse.newBuilder(response).setSource(SourceMetadata.newBuilder()
                .setSource("").setUri("").setFetchedAt(Instant.EPOCH).build()).build().toString();
        return "foi|" + response.getRequestId() + "|" + Digest.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    /** The request's id: the WhatDoTheyKnow request the source URL names, else the id the row gives. */
    public static String canonical(String requestId, String sourceUrl) {
        if (sourceUrl != null) {
            Matcher page = REQUEST_PAGE.matcher(sourceUrl.strip());
            // A numeric url_title is a request's database id, which Alaveteli redirects to its name: not the same key.
            if (page.matches() && !page.group(1).chars().allMatch(Character::isDigit)) {
                return WHATDOTHEYKNOW_PREFIX + page.group(1).toLowerCase(Locale.ROOT);
            }
        }
        return requestId;
    }
}
