package org.procwatch.enrich.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the compile store keeps per contracting process: the merge state ({@code CompiledProcessCodec}),
 * the OCDS version and extensions that choose its merge rules, and where its latest release came from.
 */
record CompileState(String version, List<String> extensions, String sourceUrl, byte[] process) {

    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());

    byte[] encode() {
        ObjectNode root = SMILE.createObjectNode();
        root.put("version", version);
        ArrayNode list = root.putArray("extensions");
        extensions.forEach(list::add);
        root.put("sourceUrl", sourceUrl);
        root.put("process", process);
        try {
            return SMILE.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompileState decode(byte[] bytes) {
        try {
            JsonNode root = SMILE.readTree(bytes);
            List<String> extensions = new ArrayList<>();
            root.path("extensions").forEach(extension -> extensions.add(extension.asText()));
            return new CompileState(root.path("version").asText(null), extensions, root.path("sourceUrl").asText(null),
                    root.get("process").binaryValue());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a stored compile state", e);
        }
    }
}
