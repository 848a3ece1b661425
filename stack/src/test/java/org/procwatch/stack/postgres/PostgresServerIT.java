package org.procwatch.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.stack.process.Ports;

/**
 * A PostgreSQL server of the test's own: every connection must give the superuser's password, which only the
 * stack's owner can read, and a cluster made when it trusted every local user is made to ask for one.
 */
class PostgresServerIT {

    @TempDir
    Path folder;

    @Test
    void shouldAskEveryConnectionForThePasswordOnlyItsOwnerCanRead() throws Exception {
        Path passwordFile = folder.resolve("secrets").resolve("postgres-password");
        try (PostgresServer server = new PostgresServer(folder.resolve("postgres"), passwordFile, folder.resolve("logs"), Ports.preferredOrFree(0))) {
            server.start();
            String password = Files.readString(passwordFile);
            assertThat(password).hasSize(48);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");

            assertThat(query(server, password, "SELECT current_user")).isEqualTo("postgres");
            assertThatThrownBy(() -> query(server, null, "SELECT 1")).as("no password")
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> query(server, password + "x", "SELECT 1")).as("a wrong one")
                    .hasFieldOrPropertyWithValue("SQLState", "28P01");
            assertThat(hbaMethods(server, password)).as("every rule, the Unix socket's too").isEqualTo("scram-sha-256");
            assertThat(query(server, password, "SHOW synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void shouldMakeAClusterThatTrustedEveryLocalUserAskForAPassword() throws Exception {
        Path passwordFile = folder.resolve("secrets").resolve("postgres-password");
        Path home = folder.resolve("postgres");
        int port = Ports.preferredOrFree(0);
        try (PostgresServer server = new PostgresServer(home, passwordFile, folder.resolve("logs"), port)) {
            server.start();
        }
        // What a cluster of an earlier procwatch looks like: initdb -A trust, and no password file.
        Path hba = home.resolve("pg_hba.conf");
        Files.write(hba, Files.readAllLines(hba).stream().map(line -> line.replace("scram-sha-256", "trust")).toList());
        Files.delete(passwordFile);
        try (PostgresServer server = new PostgresServer(home, passwordFile, folder.resolve("logs"), port)) {
            server.start();
            String password = Files.readString(passwordFile);
            assertThat(hbaMethods(server, password)).isEqualTo("scram-sha-256");
            assertThatThrownBy(() -> query(server, null, "SELECT 1")).isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThat(query(server, password, "SELECT count(*) FROM pg_database WHERE datname = 'procwatch'")).isEqualTo("1");
        }
    }

    /** The authentication methods of the rules the server runs by. */
    private static String hbaMethods(PostgresServer server, String password) throws SQLException {
        return query(server, password, "SELECT string_agg(DISTINCT auth_method, ',') FROM pg_hba_file_rules");
    }

    private static String query(PostgresServer server, String password, String sql) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", PostgresServer.USER);
        if (password != null) {
            login.setProperty("password", password);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + PostgresServer.DATABASE;
        try (Connection connection = DriverManager.getConnection(url, login);
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
