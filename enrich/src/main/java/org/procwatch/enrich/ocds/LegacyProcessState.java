package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.procwatch.schemas.json.ExactNumbers;

/**
 * Reads a process stored in format 1, as enrich kept them before {@link ProcessTree} (Smile: the releases, the path
 * parts once each, then every leaf with its path as part numbers), into a {@link ProcessTree}, so that a data folder
 * from an earlier version merges on where it was; the next release a process gets stores it in format 2. A path part
 * is {@code .name} for a field, {@code #} and the id's type and text for an item with an id, {@code ~release.position}
 * for one without, which are a {@link PathNode}'s names once the {@code .} or {@code #} is taken off. Values come back as
 * compact JSON; a number's literal is how Jackson writes the decimal it was read as ({@code 1e9999} is {@code 1E+9999}).
 */
final class LegacyProcessState {

    static final int FORMAT = 1;
    private static final ObjectMapper SMILE = ExactNumbers.exact(SmileMapper.builder(new SmileFactory())).build();
    private static final ObjectMapper JSON = ExactNumbers.exact(JsonMapper.builder()).build();

    private final JsonParser in;

    private LegacyProcessState(JsonParser in) {
        this.in = in;
    }

    /** Whether the bytes are Smile, which format 1 was and format 2 is not: Smile starts {@code :)\n}. */
    static boolean isSmile(byte[] bytes, int offset, int length) {
        return length >= 3 && bytes[offset] == ':' && bytes[offset + 1] == ')' && bytes[offset + 2] == '\n';
    }

    static ProcessTree read(byte[] bytes, int offset, int length, MergeRules rules) {
        try (JsonParser in = SMILE.createParser(bytes, offset, length)) {
            return new LegacyProcessState(in).process(rules);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a compile state stored in format " + FORMAT, e);
        }
    }

    private ProcessTree process(MergeRules rules) throws IOException {
        expect(in.nextToken(), JsonToken.START_OBJECT);
        field("format");
        int format = nextInt();
        if (format != FORMAT) {
            throw new IllegalArgumentException("a stored process is in Smile format " + format + ", which this version does not know");
        }
        field("ocid");
        String ocid = nextText();
        field("history");
        ProcessTree process = new ProcessTree(ocid, rules, in.nextToken() == JsonToken.VALUE_TRUE);
        field("releases");
        expect(in.nextToken(), JsonToken.START_ARRAY);
        for (int sequence = 0; in.nextToken() == JsonToken.START_ARRAY; sequence++) {
            String id = nextText();
            String date = nextText();
            JsonNode tag = nextValue();
            String key = nextText();
            // States written before content digests were kept end here: their releases' digests are unknown.
            JsonToken next = in.nextToken();
            String digest = null;
            if (next != JsonToken.END_ARRAY) {
                digest = next == JsonToken.VALUE_NULL ? null : in.getText();
                expect(in.nextToken(), JsonToken.END_ARRAY);
            }
            process.restore(new ProcessTree.Release(id, date, tag.isNull() ? null : JSON.writeValueAsBytes(tag), sequence,
                    key != null ? key : ProcessTree.idKey(id, date), ContentDigest.of(digest)));
        }
        field("parts");
        expect(in.nextToken(), JsonToken.START_ARRAY);
        List<String> parts = new ArrayList<>();
        while (in.nextToken() == JsonToken.VALUE_STRING) {
            parts.add(in.getText());
        }
        field("entries");
        expect(in.nextToken(), JsonToken.START_ARRAY);
        while (in.nextToken() == JsonToken.START_ARRAY) {
            leaf(process, parts);
        }
        return process;
    }

    /** One leaf: {@code [[part numbers], value, setBy, firstRelease, firstPosition, identifier, [release, value, ...]?]}. */
    private void leaf(ProcessTree process, List<String> parts) throws IOException {
        expect(in.nextToken(), JsonToken.START_ARRAY);
        PathNode node = process.root;
        while (in.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            int number = in.getIntValue();
            if (number >= parts.size()) {
                throw new IOException("a leaf names path part " + number + " of " + parts.size());
            }
            String part = parts.get(number);
            node = part.charAt(0) == '.' ? node.field(part.substring(1))
                    : node.item(part.charAt(0) == '#' ? part.substring(1) : part);
        }
        byte[] value = JSON.writeValueAsBytes(nextValue());
        node.leaf = true;
        node.bytes = value;
        node.offset = 0;
        node.length = value.length;
        node.setBy = nextInt();
        node.firstRelease = nextInt();
        node.firstPosition = nextInt();
        node.identifier = in.nextToken() == JsonToken.VALUE_TRUE;
        if (in.nextToken() == JsonToken.START_ARRAY) {
            node.history = new ArrayList<>();
            while (in.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                int release = in.getIntValue();
                byte[] version = JSON.writeValueAsBytes(nextValue());
                node.history.add(new PathNode.Version(release, version, 0, version.length));
            }
            in.nextToken();
        }
        expect(in.currentToken(), JsonToken.END_ARRAY);
        if (node.setBy >= process.releaseCount() || node.firstRelease >= process.releaseCount()) {
            throw new IOException("a leaf of " + node.describe() + " was set by a release not stored");
        }
    }

    private JsonNode nextValue() throws IOException {
        return in.nextToken() == JsonToken.VALUE_NULL ? NullNode.instance : SMILE.readTree(in);
    }

    private String nextText() throws IOException {
        return in.nextToken() == JsonToken.VALUE_NULL ? null : in.getText();
    }

    private int nextInt() throws IOException {
        expect(in.nextToken(), JsonToken.VALUE_NUMBER_INT);
        return in.getIntValue();
    }

    private void field(String name) throws IOException {
        if (in.nextToken() != JsonToken.FIELD_NAME || !name.equals(in.currentName())) {
            throw new IOException("expected the field " + name + ", found " + in.currentToken() + " " + in.currentName());
        }
    }

    private static void expect(JsonToken found, JsonToken expected) throws IOException {
        if (found != expected) {
            throw new IOException("expected " + expected + ", found " + found);
        }
    }
}
