package org.procwatch.ingest.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a document of OCDS data says about the releases in it.
 *
 * @param uri           the file or URL the releases were read from
 * @param packaged      whether they came in a release or record package
 * @param version       the OCDS version the package declares, or null
 * @param publisher     the package publisher's name, or null
 * @param publishedDate the package's publishedDate, or null
 * @param extensions    the extension URLs the package declares
 * @param metadata      the package's own metadata as published ({@code uri}, {@code publisher}, {@code license},
 *                      {@code publicationPolicy}, ...), for writing a package of one's own; null outside any package
 */
public record OcdsSource(String uri, boolean packaged, String version, String publisher, String publishedDate,
                         List<String> extensions, JsonNode metadata) {

    public OcdsSource {
        extensions = List.copyOf(extensions);
    }

    /** Releases outside any package. */
    public static OcdsSource unpackaged(String uri) {
        return new OcdsSource(uri, false, null, null, null, List.of(), null);
    }

    /**
     * The version whose merge rules apply: the declared one; for a package that declares none, 1.0 (the
     * field arrived in 1.1); for releases outside any package, which cannot declare one, 1.1.
     */
    public String mergeVersion() {
        if (version != null && !version.isBlank()) {
            return version;
        }
        return packaged ? "1.0" : "1.1";
    }
}
