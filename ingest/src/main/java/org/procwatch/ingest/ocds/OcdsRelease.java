package org.procwatch.ingest.ocds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.procwatch.schemas.json.ExactNumbers;

/**
 * One release read from a document, as compact JSON with the fields that identify it.
 *
 * @param json     the release object as compact JSON, numbers repaired (see {@link OcdsReader})
 * @param ocid     its ocid, never blank
 * @param id       its release id as text, or null when it has none
 * @param date     its date when that is a string, else null
 * @param source   the document and package it came from
 * @param position where in the document it stood (e.g. {@code line 12}, {@code releases[3]})
 */
public record OcdsRelease(String json, String ocid, String id, String date, OcdsSource source, String position) {

    /** Floats stay exact decimals, as the reader wrote them. */
    private static final ObjectMapper TREES = ExactNumbers.exact(JsonMapper.builder()).build();

    /** The release as a tree, parsed from {@link #json} on each call. */
    public JsonNode release() {
        try {
            return TREES.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the reader wrote invalid JSON for " + ocid, e);
        }
    }
}
