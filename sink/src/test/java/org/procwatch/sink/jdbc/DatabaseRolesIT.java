package org.procwatch.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;

/**
 * The database's roles on the real PostgreSQL, in a database of the test's own: the sink's login migrates and writes
 * the tables, the analysts' login reads every table and view and can change nothing, other logins cannot connect.
 */
@ExtendWith(LocalStackExtension.class)
class DatabaseRolesIT {

    private static final char[] SINK_PASSWORD = "sink-password-0123456789".toCharArray();
    private static final char[] ANALYST_PASSWORD = "analyst-password-0123456789".toCharArray();

    private LocalStack stack;
    private String database;
    private DatabaseRoles roles;

    @BeforeEach
    void createDatabase(LocalStack stack, TestScope scope) throws SQLException {
        this.stack = stack;
        String id = "r" + Integer.toHexString(scope.id().hashCode());
        database = id + "_db";
        roles = new DatabaseRoles(id + "_sink", id + "_read", id + "_analyst", "public");
        execute(stack.dataSource(), "CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabaseAndRoles() throws SQLException {
        execute(stack.dataSource(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        for (String role : new String[] {roles.analystUser(), roles.readRole(), roles.sinkUser(), roles.sinkUser() + "_other"}) {
            execute(stack.dataSource(), "DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void shouldLetTheSinkWriteAndAnalystsOnlyRead() throws Exception {
        roles.apply(admin(), SINK_PASSWORD, ANALYST_PASSWORD);
        roles.apply(admin(), SINK_PASSWORD, ANALYST_PASSWORD); // at every deployment

        PGSimpleDataSource sink = as(roles.sinkUser(), SINK_PASSWORD);
        assertThat(SinkSchema.migrate(sink, "public")).as("the sink's login makes the tables").isPositive();
        execute(sink, "INSERT INTO contracts (ocid, buyer, body_type, value, currency, release_count, compiled_release, compiled_at) "
                + "VALUES ('ocds-1', 'Riverside Academy', 'secondary_school', 12000, 'GBP', 1, '{}', now())");

        PGSimpleDataSource analyst = as(roles.analystUser(), ANALYST_PASSWORD);
        assertThat(count(analyst, "SELECT count(*) FROM contracts")).isEqualTo(1);
        assertThat(count(analyst, "SELECT count(*) FROM exposure_by_buyer")).as("views too").isZero();
        assertThat(count(analyst, "SELECT count(*) FROM reviews")).as("a table made by a later migration").isZero();

        assertThatThrownBy(() -> execute(analyst, "DELETE FROM contracts"))
                .as("read-only transactions").hasFieldOrPropertyWithValue("SQLState", "25006");
        assertThatThrownBy(() -> writable(analyst, "DELETE FROM contracts"))
                .as("and no right to write, were the session made writable").hasFieldOrPropertyWithValue("SQLState", "42501");
        assertThatThrownBy(() -> writable(analyst, "CREATE TABLE notes (id int)"))
                .as("nor to create").hasFieldOrPropertyWithValue("SQLState", "42501");
        assertThatThrownBy(() -> execute(sink, "CREATE ROLE intruder LOGIN"))
                .as("the sink's login has no powers beyond its tables").hasFieldOrPropertyWithValue("SQLState", "42501");

        assertThatThrownBy(() -> count(as(roles.sinkUser(), ANALYST_PASSWORD), "SELECT 1"))
                .as("the password is checked").hasFieldOrPropertyWithValue("SQLState", "28P01");
        execute(stack.dataSource(), "CREATE ROLE " + roles.sinkUser() + "_other LOGIN PASSWORD 'other-password-0123456789'");
        assertThatThrownBy(() -> count(as(roles.sinkUser() + "_other", "other-password-0123456789".toCharArray()), "SELECT 1"))
                .as("a login given no role here cannot connect").hasFieldOrPropertyWithValue("SQLState", "42501");
    }

    @Test
    void shouldGiveTheSinkTheTablesAnInstallFromBeforeTheRolesMadeAsItsOneUser() throws Exception {
        SinkSchema.migrate(admin(), "public");
        execute(admin(), "INSERT INTO contracts (ocid, buyer, body_type, value, currency, release_count, compiled_release, compiled_at) "
                + "VALUES ('ocds-old', 'Riverside Academy', 'secondary_school', 12000, 'GBP', 1, '{}', now())");

        roles.apply(admin(), SINK_PASSWORD, ANALYST_PASSWORD, "postgres");

        PGSimpleDataSource sink = as(roles.sinkUser(), SINK_PASSWORD);
        assertThat(SinkSchema.migrate(sink, "public")).as("nothing left to migrate").isZero();
        execute(sink, "UPDATE contracts SET buyer = 'Riverside School' WHERE ocid = 'ocds-old'");
        execute(sink, "INSERT INTO webhook_subscribers (subscription_id, consecutive_failures, parked, changed_at) VALUES ('a', 0, false, now())");
        assertThat(count(as(roles.analystUser(), ANALYST_PASSWORD), "SELECT count(*) FROM contracts WHERE buyer = 'Riverside School'"))
                .isEqualTo(1);
        assertThat(count(admin(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '"
                + roles.sinkUser() + "'")).as("every table the sink's").isZero();
    }

    @Test
    void shouldRefuseShortPasswordsAndTakingAnAdministratorsPowers() throws IOException {
        assertThatThrownBy(() -> roles.apply(admin(), "short".toCharArray(), ANALYST_PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 characters");
        DatabaseRoles demoting = new DatabaseRoles("postgres", roles.readRole(), roles.analystUser(), "public");
        assertThatThrownBy(() -> demoting.apply(admin(), SINK_PASSWORD, ANALYST_PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect as an administrator");
        assertThatThrownBy(() -> new DatabaseRoles("sink; DROP TABLE x", "r", "a", "public"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case letters");
    }

    /** The superuser, whose password the stack keeps in a file of its own. */
    private PGSimpleDataSource admin() throws IOException {
        return as("postgres", Files.readString(stack.postgres().passwordFile()).toCharArray());
    }

    private PGSimpleDataSource as(String user, char[] password) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {stack.postgres().port()});
        source.setDatabaseName(database);
        source.setUser(user);
        if (password != null) {
            source.setPassword(new String(password));
        }
        return source;
    }

    private static void execute(javax.sql.DataSource source, String statements) throws SQLException {
        try (Connection connection = source.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(statements);
        }
    }

    /** A statement in a session the analyst has made writable first (in a transaction of its own before). */
    private static void writable(javax.sql.DataSource source, String statement) throws SQLException {
        try (Connection connection = source.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("SET default_transaction_read_only = off");
            sql.execute(statement);
        }
    }

    private static int count(javax.sql.DataSource source, String query) throws SQLException {
        try (Connection connection = source.getConnection(); Statement sql = connection.createStatement();
             ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getInt(1);
        }
    }
}
