package org.procwatch.stack.junit;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.kafka.KafkaTopics;

/**
 * Names that belong to one test, so tests sharing the stack never see each other's records: topic copies
 * with a unique suffix, and unique application or group ids.
 */
public final class TestScope {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final LocalStack stack;
    private final String id;

    TestScope(LocalStack stack, String testName) {
        this.stack = stack;
        this.id = testName.replaceAll("[^A-Za-z0-9-]", "-") + "-" + SEQUENCE.incrementAndGet() + "-" + ProcessHandle.current().pid();
    }

    /** The scope's unique id, usable in topic names, group ids and application ids. */
    public String id() {
        return id;
    }

    /** A copy of the topic under a name unique to this test, created on the broker. */
    public <K, V> TopicDescriptor<K, V> topic(TopicDescriptor<K, V> topic) {
        TopicDescriptor<K, V> copy = topic.renamed(topic.name() + "." + id);
        KafkaTopics.ensure(stack.bootstrapServers(), List.of(copy));
        return copy;
    }

    /** A Kafka Streams application id or consumer group id unique to this test. */
    public String applicationId(String purpose) {
        return "test-" + purpose + "-" + id;
    }
}
