package org.procwatch.ingest.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the entries of a streamed document (a list's entity, an ownership statement) as trees, one at a time,
 * holding at most a cap of each: the entry is first copied, token by token, to compact JSON, and only an entry
 * within the cap becomes a tree. A tree costs several times its JSON, so an entry of gigabytes would otherwise
 * cost the process; past the cap it is read to its end and costs the cap. One reader serves one document.
 */
public final class CappedJson {

    private final ObjectMapper mapper;
    private final int maxBytes;
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(16 * 1024);

    /** @param maxBytes an entry whose compact JSON is longer is read past and not kept */
    public CappedJson(ObjectMapper mapper, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the largest entry must be a positive number of bytes, was " + maxBytes);
        }
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Told the scalar values of an object's own fields (not its children's) as the object is copied. */
    @FunctionalInterface
    public interface TopLevelScalars {
        void field(String name, JsonToken value, JsonParser parser) throws IOException;
    }

    /**
     * Copies the value the parser is on (its first token already read) to {@code out}, token by token, leaving the parser
     * on its last token; once what {@code buffer} and the generator hold passes {@code maxBytes}, nothing more is
     * written, so a value of gigabytes costs the cap (the parser skips the content of tokens not asked for).
     *
     * @param scalars   told each top-level field's scalar value, when not null
     * @param breaksOff the reason given when the document ends inside the value
     * @return whether the whole value was written
     * @throws JsonParseException when the document ends inside the value
     */
    public static boolean copy(JsonParser parser, JsonGenerator out, ByteArrayBuilder buffer, int maxBytes, TopLevelScalars scalars,
                               String breaksOff) throws IOException {
        boolean holding = true;
        JsonToken token = parser.currentToken();
        String field = null;
        int depth = 0;
        while (true) {
            if (scalars != null && depth == 1) {
                if (token == JsonToken.FIELD_NAME) {
                    field = parser.currentName();
                } else {
                    if (token.isScalarValue()) {
                        scalars.field(field, token, parser);
                    }
                    field = null;
                }
            }
            if (holding) {
                out.copyCurrentEventExact(parser);
                holding = buffer.size() + out.getOutputBuffered() <= maxBytes;
            }
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            }
            if (depth == 0) {
                return holding;
            }
            token = parser.nextToken();
            if (token == null) {
                throw new JsonParseException(parser, breaksOff);
            }
        }
    }

    /**
     * The value the parser is on (its first token already read) as a tree, leaving the parser on its last token;
     * empty when its compact JSON is over the cap.
     *
     * @throws JsonParseException when the document breaks off inside the value
     */
    public Optional<JsonNode> read(JsonParser parser) throws IOException {
        buffer.reset();
        try (JsonGenerator out = mapper.getFactory().createGenerator(buffer)) {
            if (!copy(parser, out, buffer, maxBytes, null, "the document breaks off inside an entry")) {
                out.close();
                buffer.reset();
                return Optional.empty();
            }
        }
        try {
            return Optional.of(mapper.readTree(buffer.toByteArray()));
        } finally {
            buffer.reset();
        }
    }
}
