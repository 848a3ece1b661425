package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.procwatch.schemas.json.ExactNumbers;

/** Merging releases written as text in tests, with {@code '} for {@code "}, and reading what comes out as trees. */
final class ProcessTrees {

    static final ObjectMapper JSON = ExactNumbers.exact(JsonMapper.builder()).build();

    private ProcessTrees() {
    }

    /** The release's JSON, single quotes made double. */
    static byte[] release(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    /** Merges a release, its content digest the SHA-256 of its bytes, as ingest's {@code contentHash} is. */
    static ProcessTree.Outcome merge(ProcessTree process, String text) {
        byte[] json = release(text);
        return process.merge(json, 0, json.length, () -> sha256(json));
    }

    static ProcessTree merged(ProcessTree process, Iterable<String> releases) {
        releases.forEach(release -> merge(process, release));
        return process;
    }

    static JsonNode compiled(ProcessTree process) {
        return tree(process.compiledRelease());
    }

    static JsonNode versioned(ProcessTree process) {
        return tree(process.versionedRelease());
    }

    static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        return tree(release(text));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
