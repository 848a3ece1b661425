package org.procwatch.ingest.ocds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Copies one JSON object from a parser to compact JSON, token by token, noting its top-level {@code ocid},
 * {@code id} and {@code date} on the way: a release is read without building a tree of it. Numbers are
 * written exactly as parsed, so {@code 1e9999} stays a valid decimal and {@code 007} becomes {@code 7}.
 */
final class ReleaseCopier {

    /**
     * What was copied: the JSON and the identifying fields, each null when absent or not a scalar; and
     * whether the object has a releases or records array, i.e. is a package rather than a release.
     */
    record Copied(String json, String ocid, String id, String date, boolean ocidIsText, boolean dateIsText, boolean packaged) {
    }

    private final JsonFactory factory;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(16 * 1024);

    ReleaseCopier(JsonFactory factory) {
        this.factory = factory;
    }

    /** Copies the object whose {@code START_OBJECT} the parser is on, leaving it on the matching {@code END_OBJECT}. */
    Copied copyObject(JsonParser parser) throws IOException {
        buffer.reset();
        String ocid = null;
        String id = null;
        String date = null;
        boolean ocidIsText = false;
        boolean dateIsText = false;
        boolean packaged = false;
        try (JsonGenerator out = factory.createGenerator(buffer)) {
            out.copyCurrentEventExact(parser);
            int depth = 1;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw new JsonParseException(parser, "the release breaks off");
                }
                if (depth == 1 && token == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    out.copyCurrentEventExact(parser);
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.START_ARRAY && (name.equals("releases") || name.equals("records"))) {
                        packaged = true;
                    } else if (value.isScalarValue()) {
                        switch (name) {
                            case "ocid" -> {
                                ocid = value == JsonToken.VALUE_NULL ? null : parser.getText();
                                ocidIsText = value == JsonToken.VALUE_STRING;
                            }
                            case "id" -> id = value == JsonToken.VALUE_NULL ? null : parser.getText();
                            case "date" -> {
                                date = value == JsonToken.VALUE_NULL ? null : parser.getText();
                                dateIsText = value == JsonToken.VALUE_STRING;
                            }
                            default -> {
                            }
                        }
                    }
                    token = value;
                }
                out.copyCurrentEventExact(parser);
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
        }
        return new Copied(new String(buffer.toByteArray(), StandardCharsets.UTF_8), ocid, id, date, ocidIsText, dateIsText, packaged);
    }
}
