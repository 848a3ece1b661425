package org.procwatch.sink.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysts' tables and views (CONTRACTS section 7), brought to the latest version by versioned
 * migrations ({@code org/procwatch/sink/migrations/V*.sql}) before the sink writes a row.
 */
public final class SinkSchema {

    private static final Logger log = LoggerFactory.getLogger(SinkSchema.class);
    private static final String MIGRATIONS = "classpath:org/procwatch/sink/migrations";

    private SinkSchema() {
    }

    /**
     * Applies the migrations not yet applied to {@code schema} (created when missing).
     *
     * @return how many were applied now
     */
    public static int migrate(DataSource dataSource, String schema) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .locations(MIGRATIONS)
                .load()
                .migrate();
        log.info("PostgreSQL schema {} at version {} ({} migrations applied now)", schema, result.targetSchemaVersion,
                result.migrationsExecuted);
        return result.migrationsExecuted;
    }
}
