package org.procwatch.stack.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.procwatch.schemas.topic.TopicDescriptor;

/** Creates topics from their descriptors; topics that already exist are left as they are. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /** Creates every topic that is missing and returns the names of those it created. */
    public static Set<String> ensure(String bootstrapServers, Collection<? extends TopicDescriptor<?, ?>> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<TopicDescriptor<?, ?>> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .collect(Collectors.toList());
            if (missing.isEmpty()) {
                return Set.of();
            }
            try {
                admin.createTopics(missing.stream().map(topic -> topic.newTopic((short) 1)).toList()).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return missing.stream().map(TopicDescriptor::name).collect(Collectors.toSet());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}
