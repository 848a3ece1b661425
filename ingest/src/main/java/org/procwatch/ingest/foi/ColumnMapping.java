package org.procwatch.ingest.foi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How an FOI table in another layout maps onto the canonical columns (CONTRACTS section 5): which of its
 * columns holds each canonical one, how its values translate, and how its dates are written.
 *
 * <pre>{@code
 * {"columns": {"request_id": "Ref", "body_name": "Authority", "outcome": "Status", "hikvision": "Hikvision?"},
 *  "values": {"outcome": {"Responded": "answered"}, "hikvision": {"Y": "yes", "N": "no"}},
 *  "dateFormat": "dd/MM/yyyy"}
 * }</pre>
 */
public final class ColumnMapping {

    /** The canonical header, in order. */
    public static final List<String> CANONICAL = List.of("request_id", "body_name", "body_type", "region", "response_date",
            "outcome", "hikvision", "dahua", "other_vendors", "capabilities", "source_url");

    private final Map<String, String> columns;
    private final Map<String, Map<String, String>> values;
    private final DateTimeFormatter dateFormat;

    private ColumnMapping(Map<String, String> columns, Map<String, Map<String, String>> values, DateTimeFormatter dateFormat) {
        this.columns = Map.copyOf(columns);
        this.values = Map.copyOf(values);
        this.dateFormat = dateFormat;
    }

    /** The canonical layout: every column under its own name, values as CONTRACTS section 5 writes them, ISO dates. */
    public static ColumnMapping canonical() {
        Map<String, String> columns = new HashMap<>();
        CANONICAL.forEach(column -> columns.put(column, column));
        return new ColumnMapping(columns, Map.of(), DateTimeFormatter.ISO_LOCAL_DATE);
    }

    /** A mapping file (JSON); canonical columns it does not name keep their own names. */
    public static ColumnMapping read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Map<String, String> columns = new HashMap<>();
        CANONICAL.forEach(column -> columns.put(column, column));
        Iterator<Map.Entry<String, JsonNode>> named = root.path("columns").fields();
        while (named.hasNext()) {
            Map.Entry<String, JsonNode> entry = named.next();
            if (!CANONICAL.contains(entry.getKey())) {
                throw new IllegalArgumentException("Column mapping " + file + " names '" + entry.getKey()
                        + "', which is not a canonical column (" + String.join(", ", CANONICAL) + ")");
            }
            columns.put(entry.getKey(), entry.getValue().asText());
        }
        Map<String, Map<String, String>> values = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> translated = root.path("values").fields();
        while (translated.hasNext()) {
            Map.Entry<String, JsonNode> entry = translated.next();
            Map<String, String> translation = new HashMap<>();
            entry.getValue().fields().forEachRemaining(v -> translation.put(v.getKey().strip().toLowerCase(Locale.ROOT), v.getValue().asText()));
            values.put(entry.getKey(), translation);
        }
        String dateFormat = root.path("dateFormat").asText(null);
        return new ColumnMapping(columns, values, dateFormat == null ? DateTimeFormatter.ISO_LOCAL_DATE : DateTimeFormatter.ofPattern(dateFormat));
    }

    /** The table's header for a canonical column. */
    String column(String canonical) {
        return columns.get(canonical);
    }

    /** A cell's value in canonical terms: translated when the mapping says how, else as written. */
    String translate(String canonical, String value) {
        Map<String, String> translation = values.get(canonical);
        if (translation == null || value == null) {
            return value;
        }
        return translation.getOrDefault(value.strip().toLowerCase(Locale.ROOT), value);
    }

    DateTimeFormatter dateFormat() {
        return dateFormat;
    }
}
