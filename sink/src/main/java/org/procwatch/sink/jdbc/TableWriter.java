package org.procwatch.sink.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * Writes one topic's records into its table as upserts keyed like the topic, so that writing a record
 * again (a replay, a retried batch) changes nothing.
 */
public interface TableWriter<V> {

    ObjectMapper JSON = new ObjectMapper();

    /** {@code INSERT ... ON CONFLICT (...) DO UPDATE ...}, with one parameter per column. */
    String upsert();

    /** Sets the statement's parameters from a record. */
    void bind(Connection connection, PreparedStatement statement, V value) throws SQLException;

    /**
     * The value's row key: the columns of {@link #upsert}'s {@code ON CONFLICT}, equal for two values exactly when they
     * write the same row. A writer with one writes one value per key of a batch ({@link #survivor}), written in multi-row
     * statements ({@link MultiRowUpsert}); one without (null, the default) has every value written, one statement each.
     */
    default Object conflictKey(V value) {
        return null;
    }

    /** Of two values for one row in a batch, the one the table would end with after writing both in turn: the later. */
    default V survivor(V earlier, V later) {
        return later;
    }

    static void text(PreparedStatement statement, int index, String value) throws SQLException {
        statement.setString(index, storable(value));
    }

    /** JSON text for a jsonb column. */
    static void jsonText(PreparedStatement statement, int index, String json) throws SQLException {
        statement.setString(index, storableJson(json));
    }

    /**
     * PostgreSQL text cannot hold NUL (U+0000) at all; a record with one would never reach the tables, so
     * NUL is stored as U+FFFD, the mark of a character that could not be kept.
     */
    static String storable(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\ufffd');
    }

    /** The same for JSON text, where NUL is the escape {@code \\u0000}, which jsonb refuses. */
    static String storableJson(String json) {
        if (json == null || !json.contains("\\u0000")) {
            return storable(json);
        }
        StringBuilder out = new StringBuilder(json.length());
        int backslashes = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            // An escape only where the backslash is not itself escaped (an even number of them before it).
            if (c == '\\' && backslashes % 2 == 0 && json.startsWith("u0000", i + 1)) {
                out.append("\\ufffd");
                i += 5;
                backslashes = 0;
                continue;
            }
            backslashes = c == '\\' ? backslashes + 1 : 0;
            out.append(c);
        }
        return out.toString();
    }

    static void number(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NUMERIC);
        } else {
            statement.setBigDecimal(index, java.math.BigDecimal.valueOf(value));
        }
    }

    static void time(PreparedStatement statement, int index, Instant value) throws SQLException {
        statement.setTimestamp(index, value == null ? null : Timestamp.from(value));
    }

    static void texts(Connection connection, PreparedStatement statement, int index, List<String> values) throws SQLException {
        statement.setArray(index, connection.createArrayOf("text", values.stream().map(TableWriter::storable).toArray()));
    }

    static void json(PreparedStatement statement, int index, Object value) throws SQLException {
        try {
            statement.setString(index, storableJson(JSON.writeValueAsString(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the value as JSON", e);
        }
    }
}
