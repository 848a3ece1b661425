package org.procwatch.enrich.ocds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.procwatch.schemas.json.ByteSearch;

/**
 * Where the values of a release's JSON begin and end in its bytes, so that {@link ReleaseScanner} keeps each as the
 * slice that spells it; and, for a value whose bytes cannot be kept as they stand (spaces between its tokens, a number
 * as JSON does not allow it), its compact copy. The parser checks what it reads; these look only for ends.
 */
final class ValueSlices {

    /** Publishers' numbers with leading zeros or a leading point are read as the number they spell, as ingest reads them. */
    static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .rootValueSeparator((String) null)
            .build();

    private final ByteArrayBuilder copyBuffer = new ByteArrayBuilder(256);
    /**
     * Writes each copy into {@link #copyBuffer}, one root value after another with nothing between them; made anew
     * after a release that broke off inside a copy.
     */
    private JsonGenerator copier = newCopier();
    /** The bytes the release being read is in, and where it starts in them (where its parser's offsets count from). */
    private byte[] bytes;
    private int base;

    void reading(byte[] release, int offset) {
        this.bytes = release;
        this.base = offset;
    }

    /** Forgets a copy the release broke off in. */
    void brokeOff() {
        copyBuffer.reset();
        copier = newCopier();
    }

    private JsonGenerator newCopier() {
        try {
            return FACTORY.createGenerator(copyBuffer);
        } catch (IOException e) {
            throw new UncheckedIOException("a generator over memory cannot fail to open", e);
        }
    }

    /** Whether the object starting at {@code start} has {@code "id"} as its first field, as most items do. */
    boolean idComesFirst(int start) {
        int i = skipWhitespace(start + 1);
        if (i + 4 > bytes.length || bytes[i] != '"' || bytes[i + 1] != 'i' || bytes[i + 2] != 'd' || bytes[i + 3] != '"') {
            return false;
        }
        return bytes[skipWhitespace(i + 4)] == ':';
    }

    private int skipWhitespace(int start) {
        int i = start;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i;
    }

    /**
     * Where the array or object the parser stands on ends, when its bytes can be kept as they are: nothing between its
     * tokens and no number written as JSON does not allow it ({@code 007}, {@code .5}), as a compact line's lists of
     * codes and tags are; otherwise -1, for a {@link #copyFrom copy}. The parser is left on the value's last token.
     */
    int plainEnd(JsonParser parser, int start) throws IOException {
        parser.skipChildren();
        int end = base + (int) parser.currentTokenLocation().getByteOffset() + 1;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b == '"') {
                i = stringEnd(i) - 1;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t' || !plainNumberAt(i)) {
                return -1;
            }
        }
        return end;
    }

    /** False only for the start of a number that has a leading zero or a leading point. */
    private boolean plainNumberAt(int i) {
        byte previous = i == 0 ? (byte) ',' : bytes[i - 1];
        if (previous != '[' && previous != ',' && previous != ':') {
            return true;
        }
        int digit = bytes[i] == '-' ? i + 1 : i;
        return bytes[digit] != '.' && !(bytes[digit] == '0' && bytes[digit + 1] >= '0' && bytes[digit + 1] <= '9');
    }

    /** The value starting at {@code start} in the bytes, copied token by token by a parser of its own. */
    byte[] copyFrom(int start) throws IOException {
        try (JsonParser again = FACTORY.createParser(bytes, start, bytes.length - start)) {
            again.nextToken();
            return copy(again);
        }
    }

    /**
     * The number as written, from the release's own bytes ({@code bytes} itself), unless it is written as JSON does not
     * allow ({@code 007}, {@code .5}): then the number it spells, exactly.
     */
    byte[] numberLiteral(JsonParser parser, int start) throws IOException {
        int digit = bytes[start] == '-' ? start + 1 : start;
        boolean leadingZero = bytes[digit] == '0' && digit + 1 < bytes.length && bytes[digit + 1] >= '0' && bytes[digit + 1] <= '9';
        if (!leadingZero && bytes[digit] != '.') {
            return bytes;
        }
        String exact = parser.currentToken() == JsonToken.VALUE_NUMBER_INT ? parser.getBigIntegerValue().toString()
                : parser.getDecimalValue().toString();
        return exact.getBytes(StandardCharsets.US_ASCII);
    }

    /** Where the number starting at {@code start} ends. */
    int numberEnd(int start) {
        int end = start;
        while (end < bytes.length && isNumberByte(bytes[end])) {
            end++;
        }
        return end;
    }

    private static boolean isNumberByte(byte b) {
        return b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    /** Just past the closing quote of the string whose opening quote is at {@code start} (the parser checks the string). */
    int stringEnd(int start) {
        int i = ByteSearch.indexOfEither(bytes, start + 1, bytes.length, (byte) '"', (byte) '\\');
        while (bytes[i] != '"') {
            i = ByteSearch.indexOfEither(bytes, i + 2, bytes.length, (byte) '"', (byte) '\\');
        }
        return i + 1;
    }

    /** The value the parser stands on as compact JSON, numbers exactly as parsed; the parser ends on its last token. */
    byte[] copy(JsonParser parser) throws IOException {
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
