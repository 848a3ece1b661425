package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Stores a {@link CompiledProcess} as bytes (Smile, a binary JSON) for a Kafka Streams state store, and
 * reads it back. Only what cannot be derived is stored: the releases' id, date and tag, their keys, and
 * each leaf with the release that set it; the layout of the compiled release is rebuilt on read.
 */
public final class CompiledProcessCodec {

    private static final int FORMAT = 1;
    private static final ObjectMapper SMILE = new ObjectMapper(SmileFactory.builder()
            .enable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)
            .build());

    private CompiledProcessCodec() {
    }

    public static byte[] encode(CompiledProcess process) {
        ObjectNode root = SMILE.createObjectNode();
        root.put("format", FORMAT);
        root.put("ocid", process.ocid());
        root.put("history", process.keepsHistory());
        ArrayNode releases = root.putArray("releases");
        for (CompiledProcess.ReleaseInfo release : process.releases()) {
            releases.addArray().add(release.id()).add(release.date()).add(release.tag()).add(release.key());
        }
        // Paths share most of their parts, so each part is stored once and paths as lists of part numbers.
        Map<String, Integer> partNumbers = new HashMap<>();
        ArrayNode parts = root.putArray("parts");
        ArrayNode entries = root.putArray("entries");
        for (CompiledProcess.Entry entry : process.entries()) {
            ArrayNode path = SMILE.createArrayNode();
            for (String part : entry.parts) {
                path.add(partNumbers.computeIfAbsent(part, p -> {
                    parts.add(p);
                    return parts.size() - 1;
                }));
            }
            ArrayNode row = entries.addArray()
                    .add(path)
                    .add(entry.value)
                    .add(entry.setBy)
                    .add(entry.firstRelease)
                    .add(entry.firstPosition)
                    .add(entry.identifier);
            if (entry.history != null) {
                ArrayNode history = row.addArray();
                entry.history.forEach(version -> history.add(version.release()).add(version.value()));
            }
        }
        try {
            return SMILE.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the compile state of " + process.ocid(), e);
        }
    }

    /**
     * @param bytes what {@link #encode} wrote
     * @param rules the merge rules the process was merged with
     */
    public static CompiledProcess decode(byte[] bytes, MergeRules rules) {
        JsonNode root;
        try {
            root = SMILE.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a stored compile state", e);
        }
        if (root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("Unknown compile state format " + root.path("format"));
        }
        CompiledProcess process = new CompiledProcess(root.path("ocid").asText(), rules, root.path("history").asBoolean());
        JsonNode releases = root.path("releases");
        for (int sequence = 0; sequence < releases.size(); sequence++) {
            JsonNode release = releases.get(sequence);
            process.restoreRelease(new CompiledProcess.ReleaseInfo(
                    release.get(0).isNull() ? null : release.get(0).asText(), release.get(1).asText(),
                    release.get(2).isNull() ? null : release.get(2), sequence, release.get(3).asText()));
        }
        JsonNode parts = root.path("parts");
        for (JsonNode row : root.path("entries")) {
            String[] path = new String[row.get(0).size()];
            for (int i = 0; i < path.length; i++) {
                path[i] = parts.get(row.get(0).get(i).asInt()).asText();
            }
            CompiledProcess.Entry entry = new CompiledProcess.Entry(path, row.get(5).asBoolean());
            entry.value = row.get(1);
            entry.setBy = row.get(2).asInt();
            entry.firstRelease = row.get(3).asInt();
            entry.firstPosition = row.get(4).asInt();
            if (row.size() > 6) {
                entry.history = new ArrayList<>();
                JsonNode history = row.get(6);
                for (int i = 0; i < history.size(); i += 2) {
                    entry.history.add(new CompiledProcess.Version(history.get(i).asInt(), history.get(i + 1)));
                }
            }
            process.restoreEntry(String.join(Paths.SEPARATOR_STRING, path), entry);
        }
        return process;
    }
}
