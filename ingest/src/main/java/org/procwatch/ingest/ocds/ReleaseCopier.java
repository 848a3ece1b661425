package org.procwatch.ingest.ocds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.procwatch.ingest.text.CappedJson;

/**
 * Copies one JSON object from a parser to compact JSON, token by token, noting its top-level {@code ocid},
 * {@code id} and {@code date} on the way: a release is read without building a tree of it. Numbers are
 * written exactly as parsed, so {@code 1e9999} stays a valid decimal and {@code 007} becomes {@code 7}. An
 * object over the size limit is read to its end but no longer held once it passes the limit.
 */
final class ReleaseCopier {

    /**
     * What was copied: the JSON and the identifying fields, each null when absent or not a scalar; its
     * top-level {@code url} (a linked release's); and whether it was {@link #tooLarge()}, when the JSON is null.
     */
    record Copied(String json, String ocid, String id, String date, boolean ocidIsText, boolean dateIsText, String url) {

        /** Over the size limit: read past, its JSON not kept. */
        boolean tooLarge() {
            return json == null;
        }
    }

    private final JsonFactory factory;
    private final int maxBytes;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(16 * 1024);

    /** @param maxBytes an object whose compact JSON is longer is read past and comes back {@link Copied#tooLarge()} */
    ReleaseCopier(JsonFactory factory, int maxBytes) {
        this.factory = factory;
        this.maxBytes = maxBytes;
    }

    int maxBytes() {
        return maxBytes;
    }

    /** Copies the object whose {@code START_OBJECT} the parser is on, leaving it on the matching {@code END_OBJECT}. */
    Copied copyObject(JsonParser parser) throws IOException {
        buffer.reset();
        Identity identity = new Identity();
        boolean holding;
        try (JsonGenerator out = factory.createGenerator(buffer)) {
            holding = CappedJson.copy(parser, out, buffer, maxBytes, identity, "the release breaks off");
            if (!holding) {
                out.close();
                buffer.reset();
            }
        }
        String json = holding ? new String(buffer.toByteArray(), StandardCharsets.UTF_8) : null;
        buffer.reset();
        return new Copied(json, identity.ocid, identity.id, identity.date, identity.ocidIsText, identity.dateIsText, identity.url);
    }

    /** The release's identifying top-level fields, noted as it is copied. */
    private static final class Identity implements CappedJson.TopLevelScalars {
        String ocid;
        String id;
        String date;
        boolean ocidIsText;
        boolean dateIsText;
        String url;

        @Override
        public void field(String name, JsonToken value, JsonParser parser) throws IOException {
            switch (name) {
                case "ocid" -> {
                    ocid = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    ocidIsText = value == JsonToken.VALUE_STRING;
                }
                case "id" -> id = value == JsonToken.VALUE_NULL ? null : parser.getText();
                case "url" -> url = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "date" -> {
                    date = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    dateIsText = value == JsonToken.VALUE_STRING;
                }
                default -> {
                }
            }
        }
    }
}
