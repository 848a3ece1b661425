package org.procwatch.sink.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One PostgreSQL connection kept open from one transaction to the next, rather than one opened per
 * transaction (each a new server process). After a failure it is dropped, as it may be broken or left in a
 * transaction, and the next use opens another. Not for use by more than one thread.
 */
public final class KeptConnection implements AutoCloseable {

    /** Work done on the connection inside a transaction that {@link #inTransaction} commits. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final DataSource database;
    private final String schema;
    private Connection connection;

    /**
     * @param schema the schema the tables are in ({@link SinkSchema}), set once on each connection opened
     */
    public KeptConnection(DataSource database, String schema) {
        this.database = database;
        this.schema = schema;
    }

    /** Does the work in a transaction of its own and commits it; after a failure, the connection is dropped. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try {
            T result = work.on(open());
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    /**
     * The open connection, or a new one, with auto-commit off: for work that commits or rolls back itself, and
     * calls {@link #discard} when it fails.
     */
    public Connection open() throws SQLException {
        if (connection == null) {
            Connection opened = database.getConnection();
            opened.setSchema(schema);
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    /** Closes the connection, if open; the server rolls back whatever transaction it had. */
    public void discard() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Already broken: nothing more to undo.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        discard();
    }
}
