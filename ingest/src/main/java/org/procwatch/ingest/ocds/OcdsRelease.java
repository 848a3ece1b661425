package org.procwatch.ingest.ocds;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One release read from a document.
 *
 * @param release  the release object
 * @param source   the document and package it came from
 * @param position where in the document it stood (e.g. {@code line 12}, {@code releases[3]})
 */
public record OcdsRelease(JsonNode release, OcdsSource source, String position) {
}
