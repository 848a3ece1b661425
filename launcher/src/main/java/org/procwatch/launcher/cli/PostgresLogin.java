package org.procwatch.launcher.cli;

import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A PostgreSQL connection named by a JDBC URL, with its password read from a file of its own rather than the URL. */
public final class PostgresLogin {

    private static final Logger log = LoggerFactory.getLogger(PostgresLogin.class);

    private PostgresLogin() {
    }

    /**
     * @param passwordFile the file holding the password, or null when the URL carries it or none is needed
     * @param urlOption and {@code fileOption}: the options that gave them, for the messages
     */
    public static PGSimpleDataSource dataSource(String url, Path passwordFile, String urlOption, String fileOption) {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(url);
        if (passwordFile != null) {
            database.setPassword(SecretFile.read(passwordFile, fileOption));
        } else if (database.getPassword() != null) {
            log.warn("The PostgreSQL password is in {}, where process lists and the environment show it; put it in a file of its own "
                    + "and name it with {}", urlOption, fileOption);
        }
        return database;
    }
}
