package org.procwatch.ingest.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.procwatch.ingest.poll.PoliteHttpClient;

/**
 * An OpenSanctions dataset's {@code index.json}, as far as keeping up with it goes: its {@code version}
 * (ordered as text, e.g. {@code 20240613025002-kvm}), the URL of its entity export (the resource named
 * {@code entities.ftm.json}) and of its delta index ({@code delta_url}: {@code {"versions": {"<version>":
 * "<delta file URL>"}}}). URLs the index names are followed only on the index's own site.
 *
 * @param version  the dataset's version
 * @param entities where its whole export is
 * @param deltas   where its delta index is, or null when it has none
 */
record OpenSanctionsIndex(String version, URI entities, URI deltas) {

    static final String EXPORT = "entities.ftm.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether a URL names a dataset's index rather than an export or a delta file. */
    static boolean isIndex(URI url) {
        String path = url.getPath();
        return path != null && path.endsWith("/index.json");
    }

    static OpenSanctionsIndex parse(byte[] json, URI at) throws IOException {
        JsonNode index = JSON.readTree(json);
        String version = index.path("version").asText("");
        if (version.isBlank()) {
            throw new IOException(at + " is no OpenSanctions dataset index: it has no version");
        }
        URI entities = null;
        for (JsonNode resource : index.path("resources")) {
            if (EXPORT.equals(resource.path("name").asText())) {
                entities = onSite(at, resource.path("url").asText(""));
            }
        }
        if (entities == null) {
            throw new IOException(at + " names no " + EXPORT + " resource");
        }
        String deltas = index.path("delta_url").asText("");
        return new OpenSanctionsIndex(version, entities, deltas.isBlank() ? null : onSite(at, deltas));
    }

    /** The delta files of a delta index, by version, in order. */
    static TreeMap<String, URI> deltaFiles(byte[] json, URI at) throws IOException {
        TreeMap<String, URI> files = new TreeMap<>();
        for (Map.Entry<String, JsonNode> version : JSON.readTree(json).path("versions").properties()) {
            files.put(version.getKey(), onSite(at, version.getValue().asText("")));
        }
        return files;
    }

    /** A URL the index names, resolved against it; one on another site is refused, never followed. */
    private static URI onSite(URI index, String link) throws IOException {
        URI url;
        try {
            url = index.resolve(link.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("the index at " + index + " names a URL that is not one", e);
        }
        if (!PoliteHttpClient.sameOrigin(index, url)) {
            throw new IOException("the index at " + index + " names a file on another site; it is not followed");
        }
        return url;
    }
}
