package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The path of a value inside a release, encoded as text so that paths hash and compare cheaply. A path is a
 * sequence of parts joined by {@link #SEPARATOR}: {@code .name} for an object field, {@code #<type><id>}
 * for the array item with that {@code id} (so the ids {@code 1} and {@code "1"} stay different), and
 * {@code ~<release>.<position>} for an array item without an id, which is never merged with another.
 */
final class Paths {

    static final char SEPARATOR = '\u0000';
    static final String SEPARATOR_STRING = String.valueOf(SEPARATOR);

    private Paths() {
    }

    static String field(String name) {
        return "." + name;
    }

    static String itemWithId(JsonNode id) {
        char type = id.isTextual() ? 's' : id.isNumber() ? 'n' : id.isBoolean() ? 'b' : 'j';
        return "#" + type + (id.isTextual() ? id.asText() : id.toString());
    }

    static String itemWithoutId(int release, int position) {
        return "~" + release + "." + position;
    }

    static boolean isField(String part) {
        return part.charAt(0) == '.';
    }

    static String fieldName(String part) {
        return part.substring(1);
    }

    static String join(String parent, String part) {
        return parent.isEmpty() ? part : parent + SEPARATOR + part;
    }

    static String[] split(String path) {
        return path.split(SEPARATOR_STRING, -1);
    }

    /** A readable form for messages, e.g. {@code tender.items[id=1].unit}. */
    static String describe(String path) {
        StringBuilder text = new StringBuilder();
        for (String part : split(path)) {
            if (isField(part)) {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(fieldName(part));
            } else if (part.charAt(0) == '#') {
                text.append("[id=").append(part.substring(2)).append(']');
            } else {
                text.append("[item without id]");
            }
        }
        return text.toString();
    }
}
