package org.procwatch.launcher.setup;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.procwatch.launcher.cli.KafkaConnection;
import org.procwatch.launcher.config.ConfigOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./procwatch setup-kafka-users}: each stage's Kafka user and grants ({@link KafkaAccess}), set by a super user
 * before anything else logs in, the registry included (which is why it is not part of {@code setup}, which needs the
 * registry). Idempotent; a changed password file rotates that password.
 */
@Command(name = "setup-kafka-users", mixinStandardHelpOptions = true,
        description = "Gives each stage its SCRAM user on a broker that authorizes, and the ACLs its work needs and no more; grants beyond "
                + "them are taken back. Run as a super user; idempotent.")
public final class SetupKafkaUsersCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--kafka-users-dir", required = true, paramLabel = "DIR",
            description = "A folder of password files (kafka_ingest_password, kafka_enrich_password, kafka_sink_password, "
                    + "kafka_registry_password, kafka_reader_password, kafka_ui_password): for each there, its user (procwatch-ingest ...) "
                    + "is set.")
    Path kafkaUsersDir;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = Admin.create(kafka.kafkaClient())) {
            KafkaAccess.apply(admin, kafkaUsersDir);
        }
        return 0;
    }
}
