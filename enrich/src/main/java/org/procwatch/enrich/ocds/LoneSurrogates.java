package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * Repairs strings that JSON escapes made into half a character: {@code "\ud800"} is valid JSON but no text,
 * and the stored state (Smile) cannot hold it. Each such half becomes U+FFFD, as bad bytes do at ingest.
 */
public final class LoneSurrogates {

    private LoneSurrogates() {
    }

    /** Whether the JSON text may hold an escaped surrogate, the only way one gets in (a cheap test first). */
    public static boolean mayHoldAny(String json) {
        return json.contains("\\ud") || json.contains("\\uD");
    }

    /**
     * The node with every lone surrogate in its strings replaced, in place. Keys need no repair: the parser
     * refuses a lone surrogate in a field name, and the release goes to the dead-letter topic as invalid JSON.
     */
    public static JsonNode repair(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                field.setValue(repair(field.getValue()));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, repair(array.get(i)));
            }
            return array;
        }
        if (node instanceof TextNode text) {
            String repaired = repair(text.textValue());
            return repaired.equals(text.textValue()) ? text : TextNode.valueOf(repaired);
        }
        return node;
    }

    static String repair(String text) {
        StringBuilder repaired = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (!paired && repaired == null) {
                repaired = new StringBuilder(text.substring(0, i));
            }
            if (repaired != null) {
                repaired.append(paired ? c : '\ufffd');
            }
        }
        return repaired == null ? text : repaired.toString();
    }
}
