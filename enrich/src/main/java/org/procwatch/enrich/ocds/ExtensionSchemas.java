package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * OCDS extensions available on this machine, with no network access: a folder that mirrors extension URLs
 * as {@code <host>/<path>}. The release-schema patch of the extension declared as
 * {@code https://host/some/path/extension.json} is read from {@code <folder>/host/some/path/release-schema.json}.
 */
public final class ExtensionSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    /**
     * The patches read, and the extensions found missing, by URL. Releases name their extensions, so the URLs are
     * anyone's: the cache is bounded, far above the few dozen extensions OCDS has.
     */
    private final Cache<String, Optional<JsonNode>> patches = Caffeine.newBuilder().maximumSize(MAX_CACHED).build();
    static final int MAX_CACHED = 1_000;

    private ExtensionSchemas(Path folder) {
        this.folder = folder;
    }

    /** No extensions: releases merge by their OCDS version's own schema. */
    public static ExtensionSchemas none() {
        return new ExtensionSchemas(null);
    }

    public static ExtensionSchemas in(Path folder) {
        return new ExtensionSchemas(folder);
    }

    /** The extension's release-schema patch, when the folder has it. */
    Optional<JsonNode> releaseSchemaPatch(String extensionUrl) {
        if (folder == null) {
            return Optional.empty();
        }
        return patches.get(extensionUrl, this::read);
    }

    /** How many URLs the cache holds now. */
    long cached() {
        patches.cleanUp();
        return patches.estimatedSize();
    }

    private Optional<JsonNode> read(String extensionUrl) {
        URI uri;
        try {
            uri = URI.create(extensionUrl.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getPath() == null) {
            return Optional.empty();
        }
        String path = uri.getPath().endsWith("extension.json")
                ? uri.getPath().substring(0, uri.getPath().length() - "extension.json".length()) + "release-schema.json"
                : uri.getPath();
        Path file = folder.resolve(uri.getHost()).resolve(path.replaceFirst("^/+", "")).normalize();
        if (!file.startsWith(folder.normalize()) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the extension schema " + file, e);
        }
    }
}
