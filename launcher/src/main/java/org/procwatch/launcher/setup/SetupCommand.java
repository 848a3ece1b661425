package org.procwatch.launcher.setup;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.procwatch.launcher.cli.ExternalServices;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;
import org.procwatch.stack.kafka.KafkaTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./procwatch setup}: what the apps need before they start against a Kafka and registry of one's
 * own — every topic, with its partitions, retention and compaction, and every value schema registered.
 * Idempotent: what exists is left as it is, so it runs at every deployment.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = "Creates procwatch's topics and registers their schemas on an external Kafka and registry; what exists is kept.")
public final class SetupCommand implements Callable<Integer> {

    /** Looked up when first used: picocli makes every command to build the command line, and logging takes a while to set up. */
    private static Logger log() {
        return LoggerFactory.getLogger(SetupCommand.class);
    }

    @Mixin
    ExternalServices services;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Copies of each partition (default: 3, or the number of brokers when fewer).")
    Integer replicationFactor;

    /** The Kafka and registry it sets up. */
    public ExternalServices services() {
        return services;
    }

    @Override
    public Integer call() throws Exception {
        List<TopicDescriptor<?, ?>> topics = Topics.allWithInternal();
        short replicas = (short) (replicationFactor != null ? replicationFactor : Math.min(3, brokers()));
        Set<String> created = KafkaTopics.ensure(services.kafkaClient(), topics, replicas);
        log().info("Topics: {} created (replication factor {}), {} already there", created.size(), replicas, topics.size() - created.size());
        SchemaRegistryClient registry = services.schemaRegistry();
        int registered = 0;
        for (TopicDescriptor<?, ?> topic : topics) {
            if (topic.valueSchema().isPresent()) {
                int id = registry.register(topic.name() + "-value", topic.valueSchema().get());
                log().info("Schema of {} is id {}", topic.name(), id);
                registered++;
            }
        }
        log().info("procwatch is set up: {} topics, {} value schemas", topics.size(), registered);
        return 0;
    }

    private int brokers() throws Exception {
        try (Admin admin = Admin.create(services.kafkaClient())) {
            return admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
        }
    }
}
