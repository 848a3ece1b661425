package org.procwatch.launcher.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A procwatch config file (YAML, or JSON): settings by their keys at the top, for every command that has
 * them, and in sections named after commands, for that command alone, the most specific winning:
 *
 * <pre>
 * bootstrap-servers: kafka:9092
 * sink:
 *   jdbc-url: jdbc:postgresql://db:5432/procwatch?user=procwatch
 * ingest:
 *   poll:
 *     source: contracts-finder
 * </pre>
 */
public final class ConfigFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path path;
    private final JsonNode root;

    private ConfigFile(Path path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    public static ConfigFile none() {
        return new ConfigFile(null, YAML.createObjectNode());
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static ConfigFile read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no config file at " + path);
        }
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(path));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(path + ": " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigFile(path, YAML.createObjectNode());
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(path + ": a config file is a map of settings, like 'bootstrap-servers: kafka:9092'");
        }
        return new ConfigFile(path, root);
    }

    public Path path() {
        return path;
    }

    /**
     * The value of a setting for a command, from its own section, else its parents' sections, else the top.
     *
     * @param commandPath the command's names below {@code procwatch}, e.g. {@code [ingest, poll]}
     * @return the value as a string (a list as comma-separated values), or null when the file does not set it
     */
    public String value(List<String> commandPath, String key) {
        List<JsonNode> sections = new ArrayList<>();
        JsonNode section = root;
        sections.add(section);
        for (String name : commandPath) {
            section = section.path(name);
            if (!section.isObject()) {
                break;
            }
            sections.add(section);
        }
        for (int i = sections.size() - 1; i >= 0; i--) {
            JsonNode value = sections.get(i).get(key);
            if (value != null && !value.isObject()) {
                return text(value);
            }
        }
        return null;
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> values = new ArrayList<>();
            value.forEach(each -> values.add(each.asText()));
            return String.join(",", values);
        }
        return value.isNull() ? null : value.asText();
    }

    /** Every key of the file with its section path, for checking that each names a setting. */
    public List<Map.Entry<List<String>, String>> keys() {
        List<Map.Entry<List<String>, String>> keys = new ArrayList<>();
        collect(root, List.of(), keys);
        return keys;
    }

    private static void collect(JsonNode section, List<String> path, List<Map.Entry<List<String>, String>> keys) {
        section.fields().forEachRemaining(field -> {
            keys.add(Map.entry(path, field.getKey()));
            if (field.getValue().isObject()) {
                List<String> inner = new ArrayList<>(path);
                inner.add(field.getKey());
                collect(field.getValue(), inner, keys);
            }
        });
    }
}
