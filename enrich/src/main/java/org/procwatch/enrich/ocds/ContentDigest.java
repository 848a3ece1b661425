package org.procwatch.enrich.ocds;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A release's content digest, worked out only when asked: it is needed only when a release repeats another's id and
 * date, which most processes never do. Unknown (null) for releases stored before digests were kept.
 */
final class ContentDigest {

    /** 64 bits of a SHA-256 tell apart the few releases of one process that share an id and date, and one is kept per release. */
    private static final int KEPT_CHARACTERS = 16;

    private Supplier<String> source;
    private String value;

    private ContentDigest(Supplier<String> source, String value) {
        this.source = source;
        this.value = value;
    }

    static ContentDigest of(String value) {
        return new ContentDigest(null, shortened(value));
    }

    static ContentDigest lazy(Supplier<String> source) {
        return new ContentDigest(Objects.requireNonNull(source, "source"), null);
    }

    /** The digest, or null when it is not known. */
    String value() {
        if (source != null) {
            value = shortened(source.get());
            source = null;
        }
        return value;
    }

    private static String shortened(String digest) {
        return digest == null || digest.length() <= KEPT_CHARACTERS ? digest : digest.substring(0, KEPT_CHARACTERS);
    }
}
