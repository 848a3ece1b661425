package org.procwatch.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.procwatch.schemas.registry.SchemaRegistryException;
import org.procwatch.schemas.registry.SchemaRegistryUnavailableException;

class WriteFailureTest {

    @ParameterizedTest
    @CsvSource({
            "22P02, RECORD",      // invalid text representation: JSON that is not JSON
            "22021, RECORD",      // a character the encoding has not (NUL)
            "23505, RECORD",      // unique violation
            "54000, RECORD",      // an index row over 2.7 KB
            "08001, UNAVAILABLE", // cannot connect
            "08006, UNAVAILABLE", // connection lost
            "57P01, UNAVAILABLE", // the server shutting down
            "57P03, UNAVAILABLE", // the server starting up
            "53100, UNAVAILABLE", // disk full
            "53300, UNAVAILABLE", // too many connections
            "40001, UNAVAILABLE", // serialization failure
            "40P01, UNAVAILABLE", // deadlock
            "42P01, UNAVAILABLE", // a table missing: the database not set up as the sink needs
            "42501, UNAVAILABLE", // no privilege
            "XX000, UNKNOWN",
            "0A000, UNKNOWN"})
    void shouldTellPostgresqlsStatesApart(String state, WriteFailure expected) {
        assertThat(WriteFailure.of(new SQLException("refused", state))).isEqualTo(expected);
    }

    @Test
    void shouldTakeADriverErrorWithoutAStateForTheConnections() {
        assertThat(WriteFailure.of(new SQLException("This connection has been closed."))).isEqualTo(WriteFailure.UNAVAILABLE);
    }

    @Test
    void shouldWaitForARegistryAwayWhereverItSurfaces() {
        var away = new SchemaRegistryUnavailableException("Could not reach the schema registry", 3, new java.io.IOException("refused"));

        assertThat(WriteFailure.of(away)).isEqualTo(WriteFailure.UNAVAILABLE);
        assertThat(WriteFailure.of(new SerializationException("Could not read a CompiledContract", away))).isEqualTo(WriteFailure.UNAVAILABLE);
    }

    @Test
    void shouldBlameTheRecordForWhatCannotBeRead() {
        assertThat(WriteFailure.of(new SerializationException("Unknown magic byte"))).isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new SchemaRegistryException("Schema registry refused to get schema 99: HTTP 404", 404))).isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new IllegalArgumentException("no such enum constant"))).isEqualTo(WriteFailure.RECORD);
    }

    @Test
    void shouldWaitForABrokerAway() {
        assertThat(WriteFailure.of(new KafkaException("could not send a dead letter", new TimeoutException("expired")))).isEqualTo(WriteFailure.UNAVAILABLE);
        assertThat(WriteFailure.of(new KafkaException("could not send a dead letter", new org.apache.kafka.common.errors.RecordTooLargeException())))
                .as("refused for good").isEqualTo(WriteFailure.UNKNOWN);
    }
}
