package org.procwatch.ingest.poll.whatdotheyknow;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.procwatch.ingest.poll.PoliteHttpClient;

/**
 * The addresses of an Alaveteli site's public, read-only pages (WhatDoTheyKnow's, or a mirror's): the feed
 * search, a request's JSON and page, a body's JSON, and a response's attachments. Only names that look like
 * Alaveteli's own ({@code url_title}, {@code url_name}: lower-case letters, digits, '_' and '-') are put in a
 * path, and only attachment links on the same site, under the request's own path, are followed.
 */
final class AlaveteliSite {

    /** WhatDoTheyKnow itself. */
    static final String WHATDOTHEYKNOW = "https://www.whatdotheyknow.com";

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,254}");

    private final URI base;

    AlaveteliSite(String baseUrl) {
        String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri = URI.create(trimmed);
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("the site's base URL must be an http(s) URL with a host, not '" + baseUrl + "'");
        }
        this.base = uri;
    }

    /** One page of the feed search: events, newest described first, 25 a page. */
    URI feed(String query, int page) {
        // Alaveteli reads the query from the path; '/' in it would split the path, so it is escaped too.
        String path = URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(base + "/feed/search/" + path + ".json?page=" + page);
    }

    URI requestJson(String urlTitle) {
        return URI.create(base + "/request/" + slug(urlTitle) + ".json");
    }

    /** The request's page, whose incoming messages and attachment links hold the answer. */
    URI requestPage(String urlTitle) {
        return URI.create(base + "/request/" + slug(urlTitle));
    }

    URI bodyJson(String urlName) {
        return URI.create(base + "/body/" + slug(urlName) + ".json");
    }

    /**
     * An attachment link of the request's page as a URL to fetch, or empty when it is not one: another site,
     * another request, a {@code javascript:} or {@code data:} link, the HTML view of an attachment.
     */
    Optional<URI> attachment(String urlTitle, String href) {
        URI resolved;
        try {
            // Pages write file names with spaces now and then; a URL has them escaped.
            resolved = requestPage(urlTitle).resolve(href.strip().replace(" ", "%20")).normalize();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!PoliteHttpClient.sameOrigin(base, resolved) || resolved.getRawPath() == null) {
            return Optional.empty();
        }
        String prefix = base.getRawPath() + "/request/" + slug(urlTitle) + "/response/";
        String path = resolved.getRawPath();
        if (!path.startsWith(prefix) || !path.substring(prefix.length()).matches("\\d+/attach/\\d+(?:/[^/]+)*")) {
            return Optional.empty();
        }
        return Optional.of(URI.create(base.getScheme() + "://" + base.getRawAuthority() + path));
    }

    static boolean isSlug(String name) {
        return name != null && SLUG.matcher(name).matches();
    }

    private static String slug(String name) {
        if (!isSlug(name)) {
            throw new IllegalArgumentException("not an Alaveteli name: " + (name == null ? "null" : "'" + name.substring(0, Math.min(60, name.length())) + "'"));
        }
        return name;
    }
}
