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

    static void text(PreparedStatement statement, int index, String value) throws SQLException {
        statement.setString(index, value);
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
        statement.setArray(index, connection.createArrayOf("text", values.toArray()));
    }

    static void json(PreparedStatement statement, int index, Object value) throws SQLException {
        try {
            statement.setString(index, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the value as JSON", e);
        }
    }
}
