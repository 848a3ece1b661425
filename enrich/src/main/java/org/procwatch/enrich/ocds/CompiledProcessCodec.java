package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.procwatch.schemas.json.ExactNumbers;

/**
 * Stores a {@link CompiledProcess} as bytes (Smile, a binary JSON) for a Kafka Streams state store, and
 * reads it back. Only what cannot be derived is stored: the releases' id, date and tag, their keys, and
 * each leaf with the release that set it; the layout of the compiled release is rebuilt on read.
 */
public final class CompiledProcessCodec {

    private static final int FORMAT = 1;
    private static final ObjectMapper SMILE = ExactNumbers.exact(SmileMapper.builder(SmileFactory.builder()
                    .enable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)
                    .build()))
            .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE) // values are written one by one into a single document
            .build();

    private CompiledProcessCodec() {
    }

    public static byte[] encode(CompiledProcess process) {
        // Written token by token: the state is encoded for every release merged, and a tree of it built only to
        // be written out at once was work and garbage for nothing.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator out = SMILE.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("format", FORMAT);
            out.writeStringField("ocid", process.ocid());
            out.writeBooleanField("history", process.keepsHistory());
            out.writeArrayFieldStart("releases");
            for (CompiledProcess.ReleaseInfo release : process.releases()) {
                out.writeStartArray();
                out.writeString(release.id());
                out.writeString(release.date());
                writeValue(out, release.tag());
                // The key of a release with an id is its id and date; states of earlier versions stored it anyway.
                out.writeString(release.id() == null ? release.key() : null);
                out.writeString(release.digest().value());
                out.writeEndArray();
            }
            out.writeEndArray();
            // Paths share most of their parts, so each part is stored once and paths as lists of part numbers.
            Map<String, Integer> partNumbers = new HashMap<>();
            out.writeArrayFieldStart("parts");
            for (CompiledProcess.Entry entry : process.entries()) {
                for (String part : entry.parts) {
                    if (partNumbers.putIfAbsent(part, partNumbers.size()) == null) {
                        out.writeString(part);
                    }
                }
            }
            out.writeEndArray();
            out.writeArrayFieldStart("entries");
            for (CompiledProcess.Entry entry : process.entries()) {
                writeEntry(out, entry, partNumbers);
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the compile state of " + process.ocid(), e);
        }
        return bytes.toByteArray();
    }

    private static void writeEntry(JsonGenerator out, CompiledProcess.Entry entry, Map<String, Integer> partNumbers) throws IOException {
        out.writeStartArray();
        out.writeStartArray();
        for (String part : entry.parts) {
            out.writeNumber(partNumbers.get(part));
        }
        out.writeEndArray();
        writeValue(out, entry.value);
        out.writeNumber(entry.setBy);
        out.writeNumber(entry.firstRelease);
        out.writeNumber(entry.firstPosition);
        out.writeBoolean(entry.identifier);
        if (entry.history != null) {
            out.writeStartArray();
            for (CompiledProcess.Version version : entry.history) {
                out.writeNumber(version.release());
                writeValue(out, version.value());
            }
            out.writeEndArray();
        }
        out.writeEndArray();
    }

    private static void writeValue(JsonGenerator out, JsonNode value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else {
            SMILE.writeTree(out, value);
        }
    }

    /**
     * @param bytes what {@link #encode} wrote
     * @param rules the merge rules the process was merged with
     */
    public static CompiledProcess decode(byte[] bytes, MergeRules rules) {
        try (JsonParser in = SMILE.createParser(bytes)) {
            return new Reader(in).process(rules);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a stored compile state", e);
        }
    }

    /** Reads the state token by token, in the order {@link #encode} wrote it; format 1 was written as a tree in the same layout. */
    private static final class Reader {
        private final JsonParser in;

        Reader(JsonParser in) {
            this.in = in;
        }

        CompiledProcess process(MergeRules rules) throws IOException {
            expect(in.nextToken(), JsonToken.START_OBJECT);
            int format = fieldInt("format");
            if (format != FORMAT) {
                throw new IllegalArgumentException("Unknown compile state format " + format);
            }
            String ocid = fieldText("ocid");
            field("history");
            CompiledProcess process = new CompiledProcess(ocid, rules, in.nextToken() == JsonToken.VALUE_TRUE);
            field("releases");
            expect(in.nextToken(), JsonToken.START_ARRAY);
            for (int sequence = 0; in.nextToken() == JsonToken.START_ARRAY; sequence++) {
                String id = nextText();
                String date = nextText();
                JsonNode tag = nextValue();
                String stored = nextText();
                String key = stored != null ? stored : CompiledProcess.idKey(id, date);
                // States written before content digests were kept end here; their releases' digests are unknown.
                JsonToken next = in.nextToken();
                String digest = null;
                if (next != JsonToken.END_ARRAY) {
                    digest = next == JsonToken.VALUE_NULL ? null : in.getText();
                    expect(in.nextToken(), JsonToken.END_ARRAY);
                }
                process.restoreRelease(new CompiledProcess.ReleaseInfo(id, date, tag.isNull() ? null : tag, sequence, key,
                        CompiledProcess.ContentDigest.of(digest)));
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
                restoreEntry(process, parts);
            }
            return process;
        }

        private void restoreEntry(CompiledProcess process, List<String> parts) throws IOException {
            expect(in.nextToken(), JsonToken.START_ARRAY);
            List<String> path = new ArrayList<>();
            while (in.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                path.add(parts.get(in.getIntValue()));
            }
            JsonNode value = nextValue();
            int setBy = nextInt();
            int firstRelease = nextInt();
            int firstPosition = nextInt();
            CompiledProcess.Entry entry = new CompiledProcess.Entry(path.toArray(String[]::new), in.nextToken() == JsonToken.VALUE_TRUE);
            entry.value = value;
            entry.setBy = setBy;
            entry.firstRelease = firstRelease;
            entry.firstPosition = firstPosition;
            if (in.nextToken() == JsonToken.START_ARRAY) {
                entry.history = new ArrayList<>();
                while (in.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                    int release = in.getIntValue();
                    entry.history.add(new CompiledProcess.Version(release, nextValue()));
                }
                in.nextToken();
            }
            expect(in.currentToken(), JsonToken.END_ARRAY);
            process.restoreEntry(entry.path(), entry);
        }

        /** The next value; strings, booleans and null are made directly, numbers and containers as a tree would make them. */
        private JsonNode nextValue() throws IOException {
            return switch (in.nextToken()) {
                case VALUE_STRING -> TextNode.valueOf(in.getText());
                case VALUE_TRUE -> BooleanNode.TRUE;
                case VALUE_FALSE -> BooleanNode.FALSE;
                case VALUE_NULL -> NullNode.instance;
                default -> SMILE.readTree(in);
            };
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

        private int fieldInt(String name) throws IOException {
            field(name);
            return nextInt();
        }

        private String fieldText(String name) throws IOException {
            field(name);
            return nextText();
        }

        private static void expect(JsonToken found, JsonToken expected) throws IOException {
            if (found != expected) {
                throw new IOException("expected " + expected + ", found " + found);
            }
        }
    }
}
