package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one release's JSON, token by token, into the leaves it gives a process's {@link PathNode} tree: each value
 * the merge treats as a unit, with the node of its path, in document order (an item's {@code id} first). No tree of
 * the release is built: a scalar leaf is the slice of the release's bytes that spells it, a list merged whole a
 * compact copy. Objects are walked into, and arrays of objects item by item, unless the schema merges them whole or
 * an item is not an object (then the array is one value, as the reference merges it). One scanner serves one thread.
 */
final class ReleaseScanner {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final ValueSlices slices = new ValueSlices();

    // The release being read.
    private byte[] bytes;
    private int base;
    private int sequence;
    private List<String> warnings;

    // What it was found to be.
    String ocid;
    boolean ocidIsText;
    String id;
    String date;
    /** The date when it was not a string: its JSON, or null when absent. */
    String dateNotText;
    byte[] tag;

    // Its leaves, in document order.
    int count;
    PathNode[] nodes = new PathNode[256];
    byte[][] values = new byte[256][];
    int[] offsets = new int[256];
    int[] lengths = new int[256];
    boolean[] identifiers = new boolean[256];

    /**
     * Reads a release into its leaves, making the nodes of new paths under {@code root}.
     *
     * @param sequence the release's arrival number, which tells its items without an id from every other release's
     * @param warnings collects what does not stop the merge (duplicate ids in an array)
     * @return false when the JSON is not an object
     * @throws IOException when it is not JSON
     */
    boolean scan(byte[] json, int offset, int length, PathNode root, int sequence, List<String> warnings) throws IOException {
        this.bytes = json;
        this.base = offset;
        slices.reading(json, offset);
        this.sequence = sequence;
        this.warnings = warnings;
        ocid = id = date = dateNotText = null;
        ocidIsText = false;
        tag = null;
        count = 0;
        try (JsonParser parser = ValueSlices.FACTORY.createParser(json, offset, length)) {
            return scanObject(parser, root);
        } catch (IOException | RuntimeException e) {
            slices.brokeOff();
            throw e;
        }
    }

    /** The release's fields, the parser before its first token. */
    private boolean scanObject(JsonParser parser, PathNode root) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "ocid" -> {
                    ocidIsText = value == JsonToken.VALUE_STRING;
                    ocid = value.isScalarValue() && value != JsonToken.VALUE_NULL ? parser.getText() : null;
                    field(parser, value, "ocid", root, true);
                }
                // Release metadata, which the merge replaces with its own.
                case "id" -> id = value == JsonToken.VALUE_NULL ? null : text(parser, value);
                case "date" -> {
                    date = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    dateNotText = value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL ? null : text(parser, value);
                }
                case "tag" -> tag = value == JsonToken.VALUE_NULL ? null : wholeValue(parser);
                default -> field(parser, value, name, root, false);
            }
        }
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "more than one JSON value");
        }
        return true;
    }

    /** A scalar's text, or a container's compact JSON. */
    private String text(JsonParser parser, JsonToken value) throws IOException {
        if (value.isScalarValue()) {
            return parser.getText();
        }
        return new String(slices.copy(parser), StandardCharsets.UTF_8);
    }

    private void field(JsonParser parser, JsonToken value, String name, PathNode parent, boolean releaseOcid) throws IOException {
        PathNode node = parent.field(name);
        MergeRule rule = node.rules.rule();
        // The ocid identifies the merged process, so it stays even where a schema (1.0) marks it to omit.
        if (rule == MergeRule.OMIT && !releaseOcid) {
            parser.skipChildren();
            return;
        }
        if (value == JsonToken.START_OBJECT) {
            fields(parser, node, null);
        } else if (value == JsonToken.START_ARRAY && rule != MergeRule.WHOLE_LIST) {
            items(parser, node);
        } else {
            leaf(parser, value, node, false);
        }
    }

    /** The fields of the object the parser is in, to its end; {@code skipped} is a field already read (an item's id). */
    private void fields(JsonParser parser, PathNode node, String skipped) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals(skipped)) {
                parser.skipChildren();
            } else {
                field(parser, value, name, node, false);
            }
        }
    }

    /** An array walked item by item while its items are objects; at the first that is not, taken whole instead. */
    private void items(JsonParser parser, PathNode array) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        int mark = count;
        Set<String> seen = null;
        int position = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                count = mark;
                do {
                    parser.skipChildren();
                } while (parser.nextToken() != JsonToken.END_ARRAY);
                byte[] json = slices.copyFrom(base + start);
                add(array, json, 0, json.length, false);
                return;
            }
            int itemStart = (int) parser.currentTokenLocation().getByteOffset();
            Id itemId;
            boolean idRead = true;
            if (slices.idComesFirst(base + itemStart)) {
                parser.nextToken();
                JsonToken value = parser.nextToken();
                itemId = id(parser, value, base + (int) parser.currentTokenLocation().getByteOffset());
                if (itemId == null) {
                    PathNode item = array.item("~" + sequence + "." + position++);
                    field(parser, value, "id", item, false);
                    fields(parser, item, null);
                    continue;
                }
            } else {
                itemId = idAhead(itemStart);
                idRead = false;
            }
            if (itemId == null) {
                fields(parser, array.item("~" + sequence + "." + position), null);
            } else {
                if (seen == null) {
                    seen = new HashSet<>();
                }
                if (!seen.add(itemId.key)) {
                    warnings.add("duplicate id " + itemId.json() + " in " + array.describe() + ": the later object's fields win");
                }
                PathNode item = array.item(itemId.key);
                add(item.field("id"), itemId.bytes, itemId.offset, itemId.length, true);
                fields(parser, item, idRead ? null : "id");
            }
            position++;
        }
    }

    /** An item's id as its key and value; null for none (or null). */
    private record Id(String key, byte[] bytes, int offset, int length) {

        String json() {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
    }

    /**
     * The id of the item starting at {@code itemStart}, found by a parser of its own, ahead of the one reading the
     * release, which stays where it is: the id is the item's first leaf wherever it is written. Null for none.
     */
    private Id idAhead(int itemStart) throws IOException {
        try (JsonParser ahead = ValueSlices.FACTORY.createParser(bytes, base + itemStart, bytes.length - base - itemStart)) {
            ahead.nextToken();
            while (ahead.nextToken() == JsonToken.FIELD_NAME) {
                boolean isId = ahead.currentName().equals("id");
                JsonToken value = ahead.nextToken();
                if (isId) {
                    return id(ahead, value, base + itemStart + (int) ahead.currentTokenLocation().getByteOffset());
                }
                ahead.skipChildren();
            }
            return null;
        }
    }

    /** An id's key and value, the parser on it and {@code start} where it is in the bytes; null for {@code null}. */
    private Id id(JsonParser parser, JsonToken value, int start) throws IOException {
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> new Id("s" + parser.getText(), bytes, start, slices.stringEnd(start) - start);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser, start, "n");
            case VALUE_TRUE, VALUE_FALSE -> new Id("b" + parser.getText(), bytes, start, value == JsonToken.VALUE_TRUE ? 4 : 5);
            default -> {
                byte[] json = slices.copy(parser);
                yield new Id("j" + new String(json, StandardCharsets.UTF_8), json, 0, json.length);
            }
        };
    }

    private Id number(JsonParser parser, int start, String type) throws IOException {
        byte[] literal = slices.numberLiteral(parser, start);
        int length = literal == bytes ? slices.numberEnd(start) - start : literal.length;
        int offset = literal == bytes ? start : 0;
        return new Id(type + new String(literal, offset, length, StandardCharsets.US_ASCII), literal, offset, length);
    }

    private void leaf(JsonParser parser, JsonToken value, PathNode node, boolean identifier) throws IOException {
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        switch (value) {
            case VALUE_STRING -> add(node, bytes, start, slices.stringEnd(start) - start, identifier);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                byte[] literal = slices.numberLiteral(parser, start);
                if (literal == bytes) {
                    add(node, bytes, start, slices.numberEnd(start) - start, identifier);
                } else {
                    add(node, literal, 0, literal.length, identifier);
                }
            }
            case VALUE_TRUE -> add(node, bytes, start, 4, identifier);
            case VALUE_FALSE -> add(node, bytes, start, 5, identifier);
            case VALUE_NULL -> add(node, NULL, 0, 4, identifier);
            default -> {
                int end = slices.plainEnd(parser, start);
                if (end > 0) {
                    add(node, bytes, start, end - start, identifier);
                } else {
                    byte[] json = slices.copyFrom(start);
                    add(node, json, 0, json.length, identifier);
                }
            }
        }
    }

    /** The array or object the parser stands on, as compact JSON of its own, the parser left on its last token. */
    private byte[] wholeValue(JsonParser parser) throws IOException {
        if (!parser.currentToken().isStructStart()) {
            return slices.copy(parser);
        }
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        int end = slices.plainEnd(parser, start);
        return end > 0 ? Arrays.copyOfRange(bytes, start, end) : slices.copyFrom(start);
    }



    private void add(PathNode node, byte[] value, int offset, int length, boolean identifier) {
        if (count == nodes.length) {
            int grown = count * 2;
            nodes = Arrays.copyOf(nodes, grown);
            values = Arrays.copyOf(values, grown);
            offsets = Arrays.copyOf(offsets, grown);
            lengths = Arrays.copyOf(lengths, grown);
            identifiers = Arrays.copyOf(identifiers, grown);
        }
        nodes[count] = node;
        values[count] = value;
        offsets[count] = offset;
        lengths[count] = length;
        identifiers[count] = identifier;
        count++;
    }


}
