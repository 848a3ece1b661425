package org.procwatch.ingest.ocds;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast way through a JSON line that holds one release: the parser checks the line and finds the
 * release's {@code ocid}, {@code id} and {@code date} without decoding its other strings, and the release
 * JSON is the line itself with the white space between tokens taken out, no copy token by token. Lines that
 * need more (numbers to repair, no release id, a package) are left to {@link ReleaseCopier}, so that
 * releases without an id, de-duplicated by their content, always come out in the one canonical form.
 */
final class CompactLine {

    /** The release's identifying fields, when the line can be taken as it is. */
    record Scanned(String ocid, String id, String date) {
    }

    private byte[] compacted = new byte[16 * 1024];

    /**
     * Reads the object whose {@code START_OBJECT} the parser is on to its end; null, perhaps before its end,
     * when the fast way does not apply and the line must be read again the thorough way.
     */
    Scanned scan(JsonParser parser) throws IOException {
        String ocid = null;
        String id = null;
        String date = null;
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new JsonParseException(parser, "the release breaks off");
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case FIELD_NAME -> {
                    if (depth == 1) {
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if (value == JsonToken.START_ARRAY && (name.equals("releases") || name.equals("records"))) {
                            return null; // a package
                        }
                        switch (value) {
                            case START_OBJECT, START_ARRAY -> depth++;
                            case VALUE_STRING -> {
                                switch (name) {
                                    case "ocid" -> ocid = parser.getText();
                                    case "id" -> id = parser.getText();
                                    case "date" -> date = parser.getText();
                                    default -> {
                                    }
                                }
                            }
                            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                                if (name.equals("id")) {
                                    id = parser.getText();
                                }
                            }
                            default -> {
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        return id != null && ocid != null ? new Scanned(ocid, id, date) : null;
    }

    /**
     * The line without white space outside strings, strings (the most of a release) copied whole; null when
     * a number in it is not strict JSON (leading zeros, a bare decimal point), which the lenient parser
     * accepted and the thorough way writes out right.
     */
    String compact(byte[] line, int length) {
        if (compacted.length < length) {
            compacted = Arrays.copyOf(compacted, Math.max(length, compacted.length * 2));
        }
        int out = 0;
        int i = 0;
        byte previous = '[';
        while (i < length) {
            byte b = line[i];
            if (b == '"') {
                int end = endOfString(line, i + 1, length);
                System.arraycopy(line, i, compacted, out, end - i);
                out += end - i;
                i = end;
                previous = '"';
            } else {
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                    if ((previous == ':' || previous == '[' || previous == ',') && !isStrictNumberStart(line, i, length)) {
                        return null;
                    }
                    compacted[out++] = b;
                    previous = b;
                }
                i++;
            }
        }
        return new String(compacted, 0, out, StandardCharsets.UTF_8);
    }

    /** Whether a value starting at {@code i} is not a number, or a number that starts as strict JSON does. */
    private static boolean isStrictNumberStart(byte[] line, int i, int length) {
        int first = line[i] == '-' && i + 1 < length ? i + 1 : i;
        byte b = line[first];
        if (b == '.' || b == '+') {
            return false;
        }
        return !(b == '0' && first + 1 < length && line[first + 1] >= '0' && line[first + 1] <= '9');
    }

    /** The index after the closing quote of the string whose contents begin at {@code i}. */
    private static int endOfString(byte[] line, int i, int length) {
        while (i < length) {
            byte b = line[i];
            if (b == '"') {
                return i + 1;
            }
            i += b == '\\' ? 2 : 1;
        }
        return length;
    }
}
