package org.procwatch.stack.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.procwatch.schemas.topic.TopicDescriptor;

/** Creates topics from their descriptors; topics that already exist are left as they are. */
public final class KafkaTopics {

    private static final Duration LEADER_WAIT = Duration.ofSeconds(30);

    private KafkaTopics() {
    }

    /** Creates every topic that is missing, on a single broker, and returns the names of those it created. */
    public static Set<String> ensure(String bootstrapServers, Collection<? extends TopicDescriptor<?, ?>> topics) {
        return ensure(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics, (short) 1);
    }

    /**
     * Creates every topic that is missing and returns the names of those it created.
     *
     * @param clientConfig Kafka client settings: bootstrap servers, security
     */
    public static Set<String> ensure(Map<String, Object> clientConfig, Collection<? extends TopicDescriptor<?, ?>> topics,
                                     short replicationFactor) {
        Object bootstrapServers = clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(clientConfig)) {
            Set<String> existing = admin.listTopics().names().get();
            List<TopicDescriptor<?, ?>> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .collect(Collectors.toList());
            if (missing.isEmpty()) {
                return Set.of();
            }
            try {
                admin.createTopics(missing.stream().map(topic -> topic.newTopic(replicationFactor)).toList()).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            Set<String> created = missing.stream().map(TopicDescriptor::name).collect(Collectors.toSet());
            awaitLeaders(admin, created);
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /**
     * Waits until the broker knows a leader for every partition: a topic is created as soon as the controller
     * says so, and a producer that writes before the broker has caught up is sent back with retriable errors
     * that an idempotent producer pays for with long backoffs.
     */
    private static void awaitLeaders(Admin admin, Set<String> topics) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
                boolean led = described.values().stream()
                        .allMatch(topic -> topic.partitions().stream().allMatch(partition -> partition.leader() != null));
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The broker named no leader for topics " + topics + " within " + LEADER_WAIT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
