package org.procwatch.launcher.compile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.procwatch.ingest.ocds.OcdsSource;

/**
 * The record package {@code compile --package} writes, as ocdskit's {@code compile --package} makes it: the package
 * metadata of the release packages read (the last one's publisher, license and publication policy; every extension,
 * once, in order; the uri of every package before OCDS 1.2), then a record per process, by ocid, with its releases
 * (whole, or linked by their package's uri), its compiled release and, when asked, its versioned release.
 */
final class RecordPackage {

    /** What the package says of itself: its uri, publication date and OCDS version, as given on the command line. */
    record Header(String uri, String publishedDate, String version) {
    }

    private final Set<OcdsSource> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private JsonNode publisher;
    private JsonNode license;
    private JsonNode publicationPolicy;
    private final Set<String> extensions = new LinkedHashSet<>();
    private final List<String> packages = new ArrayList<>();

    /** Takes the metadata of the package a release came in, once per package. */
    void sawPackageOf(OcdsSource source) {
        if (source.metadata() == null || !seen.add(source)) {
            return;
        }
        JsonNode metadata = source.metadata();
        publisher = metadata.has("publisher") ? metadata.get("publisher") : publisher;
        license = metadata.has("license") ? metadata.get("license") : license;
        publicationPolicy = metadata.has("publicationPolicy") ? metadata.get("publicationPolicy") : publicationPolicy;
        metadata.path("extensions").forEach(extension -> extensions.add(extension.asText()));
        String uri = packageUri(source);
        // OCDS 1.2 dropped the record's list of packages.
        if (uri != null && source.mergeVersion().compareTo("1.2") < 0) {
            packages.add(uri);
        }
    }

    /** The package's own {@code uri}, which linked releases point into; null when it has none. */
    static String packageUri(OcdsSource source) {
        JsonNode uri = source.metadata() == null ? null : source.metadata().get("uri");
        return uri == null || !uri.isTextual() || uri.asText().isEmpty() ? null : uri.asText();
    }

    /** A release as a record lists it: whole, or, when linking and its package has a uri, by its url, date and tag. */
    static JsonNode listed(ObjectNode release, String packageUri, boolean linked) {
        if (!linked || packageUri == null) {
            return release;
        }
        ObjectNode link = release.objectNode();
        link.put("url", packageUri + "#" + release.path("id").asText());
        link.set("date", release.get("date"));
        link.set("tag", release.get("tag"));
        return link;
    }

    /** Writes the package's metadata and opens its records; each record is then written, and {@link #end} closes it. */
    void start(JsonGenerator out, Header header) throws IOException {
        out.writeStartObject();
        out.writeStringField("uri", header.uri());
        out.writeFieldName("publisher");
        out.writeTree(publisher == null ? out.getCodec().createObjectNode() : publisher);
        out.writeStringField("publishedDate", header.publishedDate());
        if (license != null) {
            out.writeFieldName("license");
            out.writeTree(license);
        }
        if (publicationPolicy != null) {
            out.writeFieldName("publicationPolicy");
            out.writeTree(publicationPolicy);
        }
        out.writeStringField("version", header.version());
        writeList(out, "extensions", extensions);
        writeList(out, "packages", packages);
        out.writeArrayFieldStart("records");
    }

    void end(JsonGenerator out) throws IOException {
        out.writeEndArray();
        out.writeEndObject();
    }

    /** A list of the package's, left out when empty, as ocdskit leaves it out. */
    private static void writeList(JsonGenerator out, String name, Iterable<String> values) throws IOException {
        if (!values.iterator().hasNext()) {
            return;
        }
        out.writeArrayFieldStart(name);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }
}
