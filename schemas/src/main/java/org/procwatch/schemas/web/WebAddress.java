package org.procwatch.schemas.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a text from a source is a web address procwatch may keep as one: an absolute {@code http} or
 * {@code https} URI with a host, nothing else ({@code javascript:}, {@code data:}, {@code file:}, a relative
 * path, a space or control character inside). Checked where records come in, so that what the API, the feed and
 * the dashboard give out as a source's link can only be a page on the web; the dashboard checks again before it
 * makes one a link. Never fetched: it is kept as text.
 */
public final class WebAddress {

    private WebAddress() {
    }

    public static boolean isHttp(String text) {
        if (text == null || text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
