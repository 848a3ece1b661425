package org.procwatch.ingest.poll.whatdotheyknow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON an Alaveteli site serves, read into what procwatch uses of it (the shapes of Alaveteli's
 * {@code json_for_api} of InfoRequestEvent, InfoRequest and PublicBody). Requesters' names and the events'
 * parameters are never read.
 */
final class AlaveteliJson {

    /** The JSON was not what an Alaveteli site serves there. */
    static final class UnexpectedJsonException extends IOException {
        UnexpectedJsonException(String message) {
            super(message);
        }
    }

    /** A request as the feed search shows it: enough to tell whether it changed since it was last read. */
    record FeedEntry(String urlTitle, String updatedAt, String describedState, String prominence) {

        /** What makes this state of the request the same as one read before. */
        String version() {
            return urlTitle + "|" + updatedAt + "|" + describedState + "|" + prominence;
        }
    }

    /** A public body: its {@code url_name}, name and tags' names. */
    record PublicBody(String urlName, String name, List<String> tags) {
    }

    /**
     * A request: its state, the body it went to, and the day of the last response (null when none came).
     */
    record InfoRequest(String urlTitle, String describedState, String prominence, PublicBody body, LocalDate lastResponse) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private AlaveteliJson() {
    }

    /** The feed search's events, one entry per event (a request may appear in several). */
    static List<FeedEntry> feed(byte[] json) throws IOException {
        JsonNode events = read(json);
        if (!events.isArray()) {
            throw new UnexpectedJsonException("the feed search did not answer a JSON array of events");
        }
        List<FeedEntry> entries = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode request = event.path("info_request");
            String urlTitle = request.path("url_title").asText(null);
            if (!AlaveteliSite.isSlug(urlTitle)) {
                throw new UnexpectedJsonException("a feed event has no request url_title procwatch can use");
            }
            entries.add(new FeedEntry(urlTitle, request.path("updated_at").asText(""), request.path("described_state").asText(""),
                    request.path("prominence").asText("normal")));
        }
        return entries;
    }

    static InfoRequest request(byte[] json) throws IOException {
        JsonNode request = read(json);
        String urlTitle = request.path("url_title").asText(null);
        if (!request.isObject() || !AlaveteliSite.isSlug(urlTitle)) {
            throw new UnexpectedJsonException("the request's JSON has no url_title");
        }
        LocalDate lastResponse = null;
        for (JsonNode event : request.path("info_request_events")) {
            if (event.path("event_type").asText().equals("response")) {
                LocalDate day = day(event.path("created_at").asText(null));
                if (day != null && (lastResponse == null || day.isAfter(lastResponse))) {
                    lastResponse = day;
                }
            }
        }
        return new InfoRequest(urlTitle, request.path("described_state").asText(""), request.path("prominence").asText("normal"),
                body(request.path("public_body")), lastResponse);
    }

    static PublicBody body(byte[] json) throws IOException {
        return body(read(json));
    }

    private static PublicBody body(JsonNode body) throws UnexpectedJsonException {
        String urlName = body.path("url_name").asText(null);
        String name = body.path("name").asText("").strip();
        if (!AlaveteliSite.isSlug(urlName) || name.isEmpty()) {
            throw new UnexpectedJsonException("the public body has no url_name or name");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : body.path("tags")) {
            // Alaveteli writes each tag as [name, value]; a plain string is taken as a name too.
            String tagName = tag.isArray() ? tag.path(0).asText("") : tag.asText("");
            if (!tagName.isBlank()) {
                tags.add(tagName.strip());
            }
        }
        return new PublicBody(urlName, name, List.copyOf(tags));
    }

    private static JsonNode read(byte[] json) throws UnexpectedJsonException {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UnexpectedJsonException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnexpectedJsonException("not JSON: " + e.getMessage());
        }
    }

    private static LocalDate day(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            // The day where the site is (WhatDoTheyKnow writes London time), not in UTC.
            return OffsetDateTime.parse(timestamp).toLocalDate();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
