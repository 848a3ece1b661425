package org.procwatch.ingest.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.procwatch.ingest.lists.OfficialList;
import org.procwatch.ingest.text.Gzip;

/**
 * Tells from the first kilobytes of a file what it holds: OCDS (packages, releases), FOI tables (CSV with
 * the FOI columns), watchlist entities (procwatch's own format, or one of the official lists') or
 * beneficial-ownership statements, by the fields of its first JSON object or the columns of its header.
 * Empty when the content matches none of them.
 */
public final class InputDetector {

    private static final int PROBE_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private InputDetector() {
    }

    public static Optional<InputType> detect(InputStream content) throws IOException {
        byte[] head = probe(content);
        String text = new String(head, StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).stripLeading();
        }
        if (OfficialList.detect(head).isPresent()) {
            return Optional.of(InputType.WATCHLIST);
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            return fromJson(text);
        }
        String header = text.lines().findFirst().orElse("").toLowerCase(Locale.ROOT);
        if (header.contains("request_id") && header.contains("body_name")) {
            return Optional.of(InputType.FOI);
        }
        return Optional.empty();
    }

    private static byte[] probe(InputStream content) throws IOException {
        return Gzip.decompressIfGzipped(content).readNBytes(PROBE_BYTES);
    }

    /** The field names of the first object in the text, however far the probe reached into it. */
    private static Optional<InputType> fromJson(String text) {
        Set<String> fields = new HashSet<>();
        try (JsonParser parser = JSON.createParser(text)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                    if (!fields.isEmpty()) {
                        break;
                    }
                } else if (token == JsonToken.FIELD_NAME && depth <= 2) {
                    fields.add(parser.currentName());
                    parser.nextToken();
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // The probe may end inside a value, or the file may be broken: judge by the fields seen so far.
        }
        if (fields.contains("releases") || fields.contains("records") || fields.contains("ocid")) {
            return Optional.of(InputType.OCDS);
        }
        if (fields.contains("statementType") || fields.contains("recordType")
                || fields.contains("statementID") || fields.contains("statementId")) {
            return Optional.of(InputType.OWNERSHIP);
        }
        if (fields.contains("relation") && fields.contains("name") && fields.contains("id")) {
            return Optional.of(InputType.WATCHLIST);
        }
        return Optional.empty();
    }
}
