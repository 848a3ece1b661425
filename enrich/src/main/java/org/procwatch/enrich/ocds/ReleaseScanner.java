package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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
 *
 * <p>Longer than most classes, for speed: the walk and the slicing of values are one hot loop over every byte of the
 * input. Moved into an object of their own (the slices and copies), the whole compile ran 0.2 s (7%) slower; only the
 * stateless look for ends is apart ({@link JsonExtents}), as static methods that inline into it.
 */
final class ReleaseScanner {

    /** Publishers' numbers with leading zeros or a leading point are read as the number they spell, as ingest reads them. */
    static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .rootValueSeparator((String) null)
            .build();
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayBuilder copyBuffer = new ByteArrayBuilder(256);
    /**
     * Writes each copy into {@link #copyBuffer}, one root value after another with nothing between them; made anew
     * after a release that broke off inside a copy.
     */
    private JsonGenerator copier = newCopier();

    private JsonGenerator newCopier() {
        try {
            return FACTORY.createGenerator(copyBuffer);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("a generator over memory cannot fail to open", e);
        }
    }

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
        this.sequence = sequence;
        this.warnings = warnings;
        ocid = id = date = dateNotText = null;
        ocidIsText = false;
        tag = null;
        count = 0;
        try (JsonParser parser = FACTORY.createParser(json, offset, length)) {
            return scanObject(parser, root);
        } catch (IOException | RuntimeException e) {
            copyBuffer.reset();
            copier = newCopier();
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
        return new String(copy(parser), StandardCharsets.UTF_8);
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
                byte[] json = copyFrom(base + start);
                add(array, json, 0, json.length, false);
                return;
            }
            int itemStart = (int) parser.currentTokenLocation().getByteOffset();
            Id itemId;
            boolean idRead = true;
            if (JsonExtents.idComesFirst(bytes, base + itemStart)) {
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
        try (JsonParser ahead = FACTORY.createParser(bytes, base + itemStart, bytes.length - base - itemStart)) {
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
            case VALUE_STRING -> new Id("s" + parser.getText(), bytes, start, JsonExtents.stringEnd(bytes, start) - start);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser, start, "n");
            case VALUE_TRUE, VALUE_FALSE -> new Id("b" + parser.getText(), bytes, start, value == JsonToken.VALUE_TRUE ? 4 : 5);
            default -> {
                byte[] json = copy(parser);
                yield new Id("j" + new String(json, StandardCharsets.UTF_8), json, 0, json.length);
            }
        };
    }

    private Id number(JsonParser parser, int start, String type) throws IOException {
        byte[] literal = numberLiteral(parser, start);
        int length = literal == bytes ? JsonExtents.numberEnd(bytes, start) - start : literal.length;
        int offset = literal == bytes ? start : 0;
        return new Id(type + new String(literal, offset, length, StandardCharsets.US_ASCII), literal, offset, length);
    }

    private void leaf(JsonParser parser, JsonToken value, PathNode node, boolean identifier) throws IOException {
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        switch (value) {
            case VALUE_STRING -> add(node, bytes, start, JsonExtents.stringEnd(bytes, start) - start, identifier);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                byte[] literal = numberLiteral(parser, start);
                if (literal == bytes) {
                    add(node, bytes, start, JsonExtents.numberEnd(bytes, start) - start, identifier);
                } else {
                    add(node, literal, 0, literal.length, identifier);
                }
            }
            case VALUE_TRUE -> add(node, bytes, start, 4, identifier);
            case VALUE_FALSE -> add(node, bytes, start, 5, identifier);
            case VALUE_NULL -> add(node, NULL, 0, 4, identifier);
            default -> {
                int end = plainEnd(parser, start);
                if (end > 0) {
                    add(node, bytes, start, end - start, identifier);
                } else {
                    byte[] json = copyFrom(start);
                    add(node, json, 0, json.length, identifier);
                }
            }
        }
    }

    /** The array or object the parser stands on, as compact JSON of its own, the parser left on its last token. */
    private byte[] wholeValue(JsonParser parser) throws IOException {
        if (!parser.currentToken().isStructStart()) {
            return copy(parser);
        }
        int start = base + (int) parser.currentTokenLocation().getByteOffset();
        int end = plainEnd(parser, start);
        return end > 0 ? Arrays.copyOfRange(bytes, start, end) : copyFrom(start);
    }

    /**
     * Where the array or object the parser stands on ends, when its bytes can be kept as they are: nothing between its
     * tokens and no number written as JSON does not allow it ({@code 007}, {@code .5}), as a compact line's lists of
     * codes and tags are; otherwise -1, for a {@link #copyFrom copy}. The parser is left on the value's last token.
     */
    private int plainEnd(JsonParser parser, int start) throws IOException {
        parser.skipChildren();
        int end = base + (int) parser.currentTokenLocation().getByteOffset() + 1;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b == '"') {
                i = JsonExtents.stringEnd(bytes, i) - 1;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t' || !JsonExtents.plainNumberAt(bytes, i)) {
                return -1;
            }
        }
        return end;
    }

    /** The value starting at {@code start} in the bytes, copied token by token by a parser of its own. */
    private byte[] copyFrom(int start) throws IOException {
        try (JsonParser again = FACTORY.createParser(bytes, start, bytes.length - start)) {
            again.nextToken();
            return copy(again);
        }
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

    /**
     * The number as written, from the release's own bytes ({@code bytes} itself), unless it is written as JSON does not
     * allow ({@code 007}, {@code .5}): then the number it spells, exactly.
     */
    private byte[] numberLiteral(JsonParser parser, int start) throws IOException {
        int digit = bytes[start] == '-' ? start + 1 : start;
        boolean leadingZero = bytes[digit] == '0' && digit + 1 < bytes.length && bytes[digit + 1] >= '0' && bytes[digit + 1] <= '9';
        if (!leadingZero && bytes[digit] != '.') {
            return bytes;
        }
        String exact = parser.currentToken() == JsonToken.VALUE_NUMBER_INT ? parser.getBigIntegerValue().toString()
                : parser.getDecimalValue().toString();
        return exact.getBytes(StandardCharsets.US_ASCII);
    }

    /** The value the parser stands on as compact JSON, numbers exactly as parsed; the parser ends on its last token. */
    private byte[] copy(JsonParser parser) throws IOException {
        int depth = 0;
        do {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                copier.writeNumber(parser.getDecimalValue());
            } else {
                copier.copyCurrentEvent(parser);
            }
            depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
        } while (depth > 0 && parser.nextToken() != null);
        copier.flush();
        byte[] json = copyBuffer.toByteArray();
        copyBuffer.reset();
        return json;
    }
}
