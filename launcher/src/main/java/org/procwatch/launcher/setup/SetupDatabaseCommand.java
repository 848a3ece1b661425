package org.procwatch.launcher.setup;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.procwatch.launcher.cli.PostgresLogin;
import org.procwatch.launcher.cli.SecretFile;
import org.procwatch.sink.consumer.SinkSettings;
import org.procwatch.sink.jdbc.DatabaseRoles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./procwatch setup-database}: the database's roles, set by an administrator before the sink first starts and
 * again at every deployment (it is idempotent, and sets the passwords the secret files hold now, which is how they are
 * rotated). The sink then makes and migrates the tables as its own login.
 */
@Command(name = "setup-database", mixinStandardHelpOptions = true,
        description = "Sets procwatch's PostgreSQL roles: the sink's login, which owns and writes the tables, and the analysts' login, "
                + "which reads every table and view and can change none; other logins lose the right to connect. Idempotent.")
public final class SetupDatabaseCommand implements Callable<Integer> {

    @Option(names = "--admin-jdbc-url", required = true, paramLabel = "URL",
            description = "PostgreSQL as a role that may create roles and grant on the database (its owner or a superuser), e.g. "
                    + "jdbc:postgresql://db:5432/procwatch?user=postgres.")
    String adminJdbcUrl;

    @Option(names = "--admin-password-file", paramLabel = "FILE", description = "A file holding the administrator's password alone.")
    Path adminPasswordFile;

    @Option(names = "--sink-password-file", required = true, paramLabel = "FILE",
            description = "A file holding the sink's password (at least 16 characters; openssl rand -hex 24 makes one).")
    Path sinkPasswordFile;

    @Option(names = "--analyst-password-file", required = true, paramLabel = "FILE",
            description = "A file holding the analysts' password (at least 16 characters).")
    Path analystPasswordFile;

    @Option(names = "--sink-user", defaultValue = DatabaseRoles.DEFAULT_SINK_USER,
            description = "The sink's login, the user of the sink's --jdbc-url (default: ${DEFAULT-VALUE}).")
    String sinkUser;

    @Option(names = "--analyst-user", defaultValue = DatabaseRoles.DEFAULT_ANALYST_USER,
            description = "The analysts' read-only login (default: ${DEFAULT-VALUE}).")
    String analystUser;

    @Option(names = "--read-role", defaultValue = DatabaseRoles.DEFAULT_READ_ROLE,
            description = "A role without login holding the right to read; grant it to other analysts' logins (default: ${DEFAULT-VALUE}).")
    String readRole;

    @Option(names = "--schema", defaultValue = SinkSettings.DEFAULT_SCHEMA,
            description = "The PostgreSQL schema of the tables, as the sink's --schema (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--adopt-tables-of", paramLabel = "ROLE",
            description = "Gives the sink's login the tables, views and sequences of the schema this role owns: for an install from before "
                    + "these roles, whose one user made them.")
    String previousOwner;

    @Override
    public Integer call() throws Exception {
        DatabaseRoles roles = new DatabaseRoles(sinkUser, readRole, analystUser, schema);
        roles.apply(PostgresLogin.dataSource(adminJdbcUrl, adminPasswordFile, "--admin-jdbc-url", "--admin-password-file"),
                SecretFile.read(sinkPasswordFile, "--sink-password-file").toCharArray(),
                SecretFile.read(analystPasswordFile, "--analyst-password-file").toCharArray(), previousOwner);
        return 0;
    }
}
