package org.procwatch.launcher.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * How many releases PostgreSQL's {@code contracts} holds, asked over one kept connection. The question scans the whole
 * table, and a new connection is a new server process: asked ten times a second over a new connection each time, it
 * took a good part of a core from the pipeline it measured, the more so the bigger the table.
 */
final class ReleasesInTables implements AutoCloseable {

    /** How often to ask: what a run's end is known to within, under 1% of any run worth timing. */
    static final Duration EVERY = Duration.ofMillis(250);

    private final Connection connection;
    private final PreparedStatement query;

    ReleasesInTables(DataSource database) {
        try {
            this.connection = database.getConnection();
            this.query = connection.prepareStatement("SELECT coalesce(sum(release_count), 0) FROM contracts");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to PostgreSQL: " + e.getMessage(), e);
        }
    }

    long count() {
        try (ResultSet result = query.executeQuery()) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL did not say how many releases its contracts hold: " + e.getMessage(), e);
        }
    }

    /** Waits until the next time to ask. */
    static void pause() throws InterruptedException {
        Thread.sleep(EVERY.toMillis());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the bench is over with it; the server closes its end too
        }
    }
}
