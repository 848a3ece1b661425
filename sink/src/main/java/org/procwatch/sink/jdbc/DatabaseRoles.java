package org.procwatch.sink.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles of procwatch's database, each with no more than its work needs: the sink's login owns the tables it
 * writes and nothing else; analysts' logins read every table and view and cannot change one. Set up by an
 * administrator's connection, idempotently, so that it runs at every deployment and a changed password takes effect.
 *
 * @param sinkUser the login the sink writes as
 * @param readRole a role without login that holds the right to read; analysts are its members
 * @param analystUser the analysts' login
 * @param schema the schema of the tables ({@link SinkSchema})
 */
public record DatabaseRoles(String sinkUser, String readRole, String analystUser, String schema) {

    public static final String DEFAULT_SINK_USER = "procwatch_sink";
    public static final String DEFAULT_READ_ROLE = "procwatch_read";
    public static final String DEFAULT_ANALYST_USER = "analyst";

    private static final Logger log = LoggerFactory.getLogger(DatabaseRoles.class);

    /** Names written into statements unquoted: plain lower-case identifiers only. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** What a login may never be given here, whatever it was before. */
    private static final String NO_POWERS = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

    public DatabaseRoles {
        for (String name : new String[] {sinkUser, readRole, analystUser, schema}) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a role or schema name must be lower-case letters, digits and _ (at most 63), not " + name);
            }
        }
        if (sinkUser.equals(analystUser) || sinkUser.equals(readRole) || analystUser.equals(readRole)) {
            throw new IllegalArgumentException("the sink's login, the analysts' login and the read role must be three roles");
        }
    }

    public static DatabaseRoles standard(String schema) {
        return new DatabaseRoles(DEFAULT_SINK_USER, DEFAULT_READ_ROLE, DEFAULT_ANALYST_USER, schema);
    }

    /**
     * Creates what is missing and sets both logins' passwords (sent as SCRAM verifiers: the passwords themselves never
     * reach the server or its log).
     *
     * @param admin a connection of a role that may create roles and grant on the database (its owner or a superuser)
     */
    public void apply(DataSource admin, char[] sinkPassword, char[] analystPassword) throws SQLException {
        apply(admin, sinkPassword, analystPassword, null);
    }

    /**
     * As {@link #apply(DataSource, char[], char[])}, first giving the sink's login the tables, views and sequences of
     * the schema that {@code previousOwner} owns: an install from before these roles made them as its one user.
     *
     * @param previousOwner that user, or null
     */
    public void apply(DataSource admin, char[] sinkPassword, char[] analystPassword, String previousOwner) throws SQLException {
        try (Connection connection = admin.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(true);
            String database = single(sql, "SELECT current_database()");
            String self = single(sql, "SELECT current_user");
            if (self.equals(sinkUser) || self.equals(analystUser)) {
                throw new IllegalArgumentException("connect as an administrator, not as " + self + ", whose powers this takes away");
            }
            login(connection, sql, sinkUser, sinkPassword);
            if (!exists(connection, readRole)) {
                sql.execute("CREATE ROLE " + readRole + " NOLOGIN");
            }
            login(connection, sql, analystUser, analystPassword);
            sql.execute("GRANT " + readRole + " TO " + analystUser);
            // Reading only, even where a grant was given by mistake later.
            sql.execute("ALTER ROLE " + analystUser + " SET default_transaction_read_only = on");

            sql.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
            sql.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + sinkUser + ", " + readRole);
            if (schema.equals("public")) {
                // Before PostgreSQL 15 every role may create in public.
                sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
                sql.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + sinkUser);
            } else {
                sql.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + sinkUser);
            }
            sql.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + readRole);
            // The tables there now, and every one the sink's migrations make later.
            sql.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + readRole);
            sql.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + sinkUser + " IN SCHEMA " + schema + " GRANT SELECT ON TABLES TO " + readRole);
            if (previousOwner != null) {
                adoptRelationsOf(connection, sql, previousOwner);
            }
            warnOfTablesOwnedByOthers(connection);
        }
        log.info("Database roles set: {} writes schema {}, {} reads it (through {})", sinkUser, schema, analystUser, readRole);
    }

    private void login(Connection connection, Statement sql, String user, char[] password) throws SQLException {
        if (password.length < 16) {
            throw new IllegalArgumentException("the password of " + user + " must be at least 16 characters (openssl rand -hex 24 makes one)");
        }
        if (!exists(connection, user)) {
            sql.execute("CREATE ROLE " + user + " LOGIN");
        }
        sql.execute("ALTER ROLE " + user + " LOGIN " + NO_POWERS);
        // The driver wipes the array it is given once the verifier is made: the caller's stays whole.
        connection.unwrap(PGConnection.class).alterUserPassword(user, password.clone(), "scram-sha-256");
    }

    private void adoptRelationsOf(Connection connection, Statement sql, String previousOwner) throws SQLException {
        // A sequence of an identity or serial column goes with its table and cannot be given alone.
        String alterations = """
                SELECT format('ALTER %s %I.%I OWNER TO %I',
                              CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                              n.nspname, c.relname, ?)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND pg_get_userbyid(c.relowner) = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
                """;
        int adopted = 0;
        try (PreparedStatement query = connection.prepareStatement(alterations)) {
            query.setString(1, sinkUser);
            query.setString(2, schema);
            query.setString(3, previousOwner);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    sql.addBatch(result.getString(1));
                    adopted++;
                }
            }
        }
        sql.executeBatch();
        log.info("{} tables, views and sequences of {} in schema {} now belong to {}", adopted, previousOwner, schema, sinkUser);
    }

    /** Tables an older install made as another role: the sink cannot write them until they are its own. */
    private void warnOfTablesOwnedByOthers(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tableowner <> ?")) {
            query.setString(1, schema);
            query.setString(2, sinkUser);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                int others = result.getInt(1);
                if (others > 0) {
                    log.warn("{} tables in schema {} belong to another role than {}: the sink cannot write them. Give them to it with "
                            + "./procwatch setup-database --adopt-tables-of <their owner> (docs/operations.md, \"Security\")", others, schema, sinkUser);
                }
            }
        }
    }

    private static boolean exists(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }
}
