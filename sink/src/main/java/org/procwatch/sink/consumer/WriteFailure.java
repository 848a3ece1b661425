package org.procwatch.sink.consumer;

import java.sql.SQLException;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.procwatch.schemas.registry.SchemaRegistryUnavailableException;

/**
 * What a failed write says: that something the sink needs is away (wait, however long), that the records are at fault
 * (find the one and dead-letter it), or neither for sure (try the record alone a few times). An outage is never
 * taken for a bad record: that would turn waiting into loss.
 */
enum WriteFailure {

    /** PostgreSQL, the schema registry or Kafka cannot serve now, or the database is not set up as the sink needs. */
    UNAVAILABLE,
    /** The record's data: PostgreSQL refuses it, or it cannot be read or bound. */
    RECORD,
    /** Neither for sure: a record that fails this way alone, time after time, is dead-lettered. */
    UNKNOWN;

    /**
     * SQL state classes (PostgreSQL's appendix A) of a row's own fault: 22 data exception (bad JSON, a value out of
     * range, a NUL byte), 23 integrity constraint, 54 program limit exceeded (an index row over 2.7 KB: 54000).
     */
    private static final Set<String> RECORD_CLASSES = Set.of("22", "23", "54");
    /**
     * Classes of a server away or busy: 08 connection, 40 transaction rollback (serialization, deadlock), 53
     * insufficient resources (disk full, too many connections), 55 object not in prerequisite state (a lock), 57
     * operator intervention (shutdown, cannot connect now), 58 system error; and 42 (a missing table or privilege),
     * the database not as the sink needs it, which an operator fixes: every record would fail the same way.
     */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "40", "42", "53", "55", "57", "58");

    static WriteFailure of(Exception failure) {
        if (SchemaRegistryUnavailableException.isCauseOf(failure)) {
            return UNAVAILABLE;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException) {
                return UNAVAILABLE; // a broker away, sending a dead letter
            }
        }
        if (failure instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state == null || state.length() < 2) {
                return UNAVAILABLE; // the driver's own errors without a state are of the connection
            }
            String stateClass = state.substring(0, 2);
            return RECORD_CLASSES.contains(stateClass) ? RECORD : UNAVAILABLE_CLASSES.contains(stateClass) ? UNAVAILABLE : UNKNOWN;
        }
        if (failure instanceof KafkaException && !(failure instanceof SerializationException)) {
            return UNKNOWN; // sending a dead letter, refused for good (a broker away is a RetriableException, above)
        }
        return RECORD; // a record that cannot be read (not Avro, an unknown schema) or bound
    }
}
