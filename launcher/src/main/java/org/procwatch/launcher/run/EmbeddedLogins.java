package org.procwatch.launcher.run;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;
import org.procwatch.sink.jdbc.DatabaseRoles;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.files.PasswordFile;
import org.procwatch.stack.postgres.PostgresServer;

/**
 * The embedded PostgreSQL's logins as a deployment has them ({@link DatabaseRoles}): the sink writes as
 * {@code procwatch_sink}, and analysts are handed the read-only {@code analyst} login, whose URL {@code /api/status}
 * gives; it reads what the API serves anyway. The superuser's password stays in the stack's file. Each password is
 * made at the first start and kept under the data folder's {@code secrets}, readable by its owner only.
 */
final class EmbeddedLogins {

    private final PostgresServer postgres;
    private final DatabaseRoles roles;
    private final String sinkPassword;
    private final String analystPassword;

    private EmbeddedLogins(PostgresServer postgres, DatabaseRoles roles, String sinkPassword, String analystPassword) {
        this.postgres = postgres;
        this.roles = roles;
        this.sinkPassword = sinkPassword;
        this.analystPassword = analystPassword;
    }

    /** Sets the roles; tables an earlier procwatch made as the superuser become the sink's. */
    static EmbeddedLogins apply(LocalStack stack) throws IOException {
        Path secrets = stack.dataDir().resolve("secrets");
        EmbeddedLogins logins = new EmbeddedLogins(stack.postgres(), DatabaseRoles.standard("public"),
                PasswordFile.readOrCreate(secrets.resolve("sink-db-password")), PasswordFile.readOrCreate(secrets.resolve("analyst-db-password")));
        try {
            logins.roles.apply(stack.dataSource(), logins.sinkPassword.toCharArray(), logins.analystPassword.toCharArray(), PostgresServer.USER);
        } catch (SQLException e) {
            throw new IOException("Could not set the embedded PostgreSQL's logins: " + e.getMessage(), e);
        }
        return logins;
    }

    /** The sink's login. */
    PGSimpleDataSource sink() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(postgres.jdbcUrl(roles.sinkUser()));
        source.setPassword(sinkPassword);
        return source;
    }

    /** The analysts' URL, password included: what CONTRACTS' {@code jdbcUrl} of {@code /api/status} is. */
    String analystUrl() {
        return analystUrlWithoutPassword() + "&password=" + analystPassword;
    }

    /** The analysts' URL as logs may show it. */
    String analystUrlWithoutPassword() {
        return postgres.jdbcUrl(roles.analystUser());
    }
}
