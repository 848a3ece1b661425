package org.procwatch.launcher.sink;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.postgresql.ds.PGSimpleDataSource;
import org.procwatch.launcher.cli.ExternalServices;
import org.procwatch.launcher.cli.HttpHostOption;
import org.procwatch.launcher.cli.PostgresLogin;
import org.procwatch.launcher.cli.SubscriptionsOption;
import org.procwatch.launcher.http.ApiServer;
import org.procwatch.launcher.http.HealthApi;
import org.procwatch.sink.consumer.SinkRunner;
import org.procwatch.sink.consumer.SinkSettings;
import org.procwatch.sink.consumer.SinkTopics;
import org.procwatch.sink.delivery.WebhookSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./procwatch sink}: the topics into PostgreSQL's tables, against external Kafka, registry and
 * PostgreSQL, until stopped.
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Runs the PostgreSQL sink (contracts, vendor links, alerts, FOI responses into the analysts' tables) and delivers "
                + "alerts to webhook subscriptions, until stopped.")
public final class SinkCommand implements Callable<Integer> {

    /** Looked up when first used: picocli makes every command to build the command line, and logging takes a while to set up. */
    private static Logger log() {
        return LoggerFactory.getLogger(SinkCommand.class);
    }

    @Mixin
    ExternalServices services;

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "PostgreSQL, e.g. jdbc:postgresql://db:5432/procwatch?user=procwatch_sink (the password in --jdbc-password-file).")
    String jdbcUrl;

    @Option(names = "--jdbc-password-file", paramLabel = "FILE",
            description = "A file holding the PostgreSQL user's password alone (e.g. a Docker secret), kept out of the URL, which logs and "
                    + "process lists show.")
    Path jdbcPasswordFile;

    @Option(names = "--schema", defaultValue = SinkSettings.DEFAULT_SCHEMA, description = "The PostgreSQL schema of the tables (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--group-id", defaultValue = SinkSettings.DEFAULT_GROUP_ID,
            description = "The consumer group; its committed offsets say how far the tables are (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Mixin
    SubscriptionsOption subscriptions;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "N",
            description = "Port of this app's /ready and /api/status (its webhooks' state), for healthchecks; 0, the default, for none.")
    int httpPort;

    @Mixin
    HttpHostOption httpHost;

    @Override
    public Integer call() throws Exception {
        SinkSettings settings = new SinkSettings(services.kafkaClient(), SinkTopics.standard(), groupId, schema, subscriptions.read(),
                WebhookSettings.defaults());
        PGSimpleDataSource database = PostgresLogin.dataSource(jdbcUrl, jdbcPasswordFile, "--jdbc-url", "--jdbc-password-file");
        SinkRunner sink = SinkRunner.start(settings, services.schemaRegistry(), database);
        ApiServer api = httpPort == 0 ? null : HealthApi.start(httpHost.host(), httpPort, "sink", sink::isRunning,
                () -> Map.of("webhooks", sink.webhookStatus()), sink.metrics());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sink.close();
            if (api != null) {
                api.close();
            }
        }, "procwatch-sink-shutdown"));
        if (sink.awaitStop()) {
            log().error("The sink stopped after an error; see the log above. The next start resumes where it stopped.");
            return 1;
        }
        return 0;
    }
}
