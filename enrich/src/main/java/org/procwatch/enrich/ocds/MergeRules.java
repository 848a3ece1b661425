package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merge rules of one release schema: for each field path (property names from the release root,
 * arrays adding nothing), whether it is omitted or merged as a whole list. Fields the schema does not
 * describe (extensions, publisher additions) have no rule and are merged by the shape of their data.
 */
public final class MergeRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA_1_0 = bundledSchema("release-schema-1.0.3.json");
    private static final JsonNode SCHEMA_1_1 = bundledSchema("release-schema-1.1.5.json");
    private static final MergeRules OCDS_1_0 = fromSchema(SCHEMA_1_0);
    private static final MergeRules OCDS_1_1 = fromSchema(SCHEMA_1_1);
    private static final int MAX_DEPTH = 32;

    private final Map<String, MergeRule> rules;
    private final RuleNode root;

    private MergeRules(Map<String, MergeRule> rules) {
        this.rules = Map.copyOf(rules);
        this.root = RuleNode.of(this.rules);
    }

    /**
     * The rules as a tree of field names, for a reader that walks a release field by field: a child is looked up
     * by its name, never by a path built for it. Built whole when the rules are, so it is safe on any thread.
     */
    static final class RuleNode {
        /** The node of every field the schema does not describe, and of everything under it. */
        private static final RuleNode UNDESCRIBED = new RuleNode(null);

        private final MergeRule rule;
        private final Map<String, RuleNode> children = new HashMap<>();

        private RuleNode(MergeRule rule) {
            this.rule = rule;
        }

        private static RuleNode of(Map<String, MergeRule> rules) {
            RuleNode root = new RuleNode(null);
            rules.keySet().stream().sorted().forEach(path -> {
                RuleNode node = root;
                String[] names = path.split("/");
                for (int i = 0; i < names.length; i++) {
                    MergeRule rule = i == names.length - 1 ? rules.get(path) : rules.get(String.join("/", List.of(names).subList(0, i + 1)));
                    node = node.children.computeIfAbsent(names[i], name -> new RuleNode(rule));
                }
            });
            return root;
        }

        /** The rule of this field, or null when none applies. */
        MergeRule rule() {
            return rule;
        }

        RuleNode child(String name) {
            return children.getOrDefault(name, UNDESCRIBED);
        }
    }

    /** The rules of the release's own fields. */
    RuleNode root() {
        return root;
    }

    /** The rules of the bundled schema for an OCDS version; a package without a version is 1.0. */
    public static MergeRules forVersion(String ocdsVersion) {
        return ocdsVersion == null || ocdsVersion.isBlank() || ocdsVersion.startsWith("1.0") ? OCDS_1_0 : OCDS_1_1;
    }

    /**
     * The rules of the bundled schema for an OCDS version, patched by the release schemas of the extensions a
     * package declares, as far as {@code extensions} has them; extensions it lacks change nothing.
     */
    public static MergeRules forPackage(String ocdsVersion, List<String> extensionUrls, ExtensionSchemas extensions) {
        List<JsonNode> patches = new ArrayList<>();
        for (String url : extensionUrls) {
            extensions.releaseSchemaPatch(url).ifPresent(patches::add);
        }
        if (patches.isEmpty()) {
            return forVersion(ocdsVersion);
        }
        JsonNode schema = (forVersion(ocdsVersion) == OCDS_1_0 ? SCHEMA_1_0 : SCHEMA_1_1).deepCopy();
        for (JsonNode patch : patches) {
            schema = MergePatch.apply(schema, patch);
        }
        return fromSchema(schema);
    }

    /** The rules of a release schema (JSON Schema with local {@code $ref}s to {@code #/definitions/...}). */
    public static MergeRules fromSchema(JsonNode schema) {
        Map<String, MergeRule> rules = new HashMap<>();
        collect(schema, schema.path("properties"), "", rules, new HashSet<>(), 0);
        return new MergeRules(rules);
    }

    /** The rule for a field path such as {@code "awards/suppliers"}, or null when none applies. */
    MergeRule ruleFor(String path) {
        return rules.get(path);
    }

    private static void collect(JsonNode root, JsonNode properties, String path, Map<String, MergeRule> rules,
                                Set<String> refsOnPath, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "/" + field.getKey();
            String ref = field.getValue().path("$ref").asText(null);
            if (ref != null && !refsOnPath.add(ref)) {
                continue; // a recursive definition: its fields are merged by shape below this point
            }
            JsonNode definition = resolve(root, field.getValue());
            collectField(root, definition, fieldPath, rules, refsOnPath, depth);
            if (ref != null) {
                refsOnPath.remove(ref);
            }
        }
    }

    private static void collectField(JsonNode root, JsonNode definition, String path, Map<String, MergeRule> rules,
                                     Set<String> refsOnPath, int depth) {
        Set<String> types = types(definition);
        String strategy = definition.path("mergeStrategy").asText("");
        if (definition.path("omitWhenMerged").asBoolean(false) || strategy.equals("ocdsOmit")) {
            rules.put(path, MergeRule.OMIT);
        } else if (types.contains("array") && (definition.path("wholeListMerge").asBoolean(false) || strategy.equals("ocdsVersion"))) {
            rules.put(path, MergeRule.WHOLE_LIST);
        } else if (types.contains("object") && definition.has("properties")) {
            collect(root, definition.path("properties"), path, rules, refsOnPath, depth + 1);
        } else if (types.contains("array") && definition.has("items")) {
            JsonNode items = resolve(root, definition.path("items"));
            Set<String> itemTypes = types(items);
            if (itemTypes.stream().anyMatch(type -> !type.equals("object"))) {
                rules.put(path, MergeRule.WHOLE_LIST);
            } else if (items.has("properties") && !items.path("properties").has("id")) {
                rules.put(path, MergeRule.WHOLE_LIST);
            } else if (items.has("properties")) {
                collect(root, items.path("properties"), path, rules, refsOnPath, depth + 1);
            }
        }
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < MAX_DEPTH; hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return current; // remote references are not followed; the field is merged by shape
            }
            current = root.at(ref.substring(1));
        }
        return current;
    }

    private static Set<String> types(JsonNode definition) {
        JsonNode type = definition.path("type");
        Set<String> types = new HashSet<>();
        if (type.isTextual()) {
            types.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        return types;
    }

    private static JsonNode bundledSchema(String resource) {
        try (InputStream in = MergeRules.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Bundled OCDS schema missing: " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bundled OCDS schema " + resource, e);
        }
    }
}
