package org.procwatch.enrich.errors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.topic.DeadLetterEnvelope;
import org.procwatch.schemas.topic.TopicDescriptor;

/**
 * Makes the dead-letter records of the enrich app: the {@link DeadLetter} envelope, with the record's
 * coordinates, raw bytes and the cause, bound for the dead-letter topic inside the same transaction as
 * the rest of the task's output. The exception handlers find it in the Streams config under {@link #CONFIG}.
 */
public final class DeadLetters implements AutoCloseable {

    /** The Streams config key under which the app hands its {@code DeadLetters} to the exception handlers. */
    public static final String CONFIG = "procwatch.dead-letters";

    private final TopicDescriptor<byte[], DeadLetter> topic;
    private final Serializer<DeadLetter> serializer;
    private final Set<String> globalTopics;
    private final Map<String, Object> producerConfig;
    private Producer<byte[], byte[]> globalProducer;
    private final AtomicLong made = new AtomicLong();

    /**
     * @param globalTopics   the topics read by global stores, whose dead letters this sends itself
     * @param producerConfig the Kafka client settings for that
     */
    public DeadLetters(TopicDescriptor<byte[], DeadLetter> topic, SchemaRegistryClient registry, Set<String> globalTopics,
                       Map<String, Object> producerConfig) {
        this.topic = topic;
        this.serializer = topic.valueSerde(registry).serializer();
        this.globalTopics = Set.copyOf(globalTopics);
        this.producerConfig = Map.copyOf(producerConfig);
    }

    /** The dead letter of a record the app could not use, with why and where it stood. */
    public ProducerRecord<byte[], byte[]> of(String reason, Exception cause, ErrorHandlerContext context, byte[] key, byte[] value) {
        made.incrementAndGet();
        DeadLetter letter = DeadLetterEnvelope.of("enrich", reason, value)
                .setErrorClass(cause == null ? null : cause.getClass().getName())
                .setErrorMessage(cause == null ? null : messages(cause))
                .setProcessor(context.processorNodeId())
                .setTopic(context.topic())
                .setPartition(context.topic() == null ? null : context.partition())
                .setOffset(context.topic() == null ? null : context.offset())
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setHeaders(headers(context.headers()))
                .build();
        return new ProducerRecord<>(topic.name(), null, key, serializer.serialize(topic.name(), letter));
    }

    /**
     * The dead letters a handler returns for Kafka Streams to send with the task's output. For a record of
     * a global store the list is empty and the dead letter is sent here instead: the global thread fails
     * with a ClassCastException when a handler hands it dead letters (Kafka Streams 4.4), and it has no
     * transaction to send them in anyway.
     */
    List<ProducerRecord<byte[], byte[]>> one(String reason, Exception cause, ErrorHandlerContext context, byte[] key, byte[] value) {
        ProducerRecord<byte[], byte[]> letter = of(reason, cause, context, key, value);
        if (context.topic() == null || !globalTopics.contains(context.topic())) {
            return List.of(letter);
        }
        synchronized (this) {
            if (globalProducer == null) {
                Map<String, Object> config = new HashMap<>(producerConfig);
                config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                config.put(ProducerConfig.ACKS_CONFIG, "all");
                globalProducer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            }
            globalProducer.send(letter);
            globalProducer.flush();
        }
        return List.of();
    }

    /**
     * Dead letters made so far in this process. One made in a transaction that then aborts is made again when
     * the record is processed again, and counted again.
     */
    public long made() {
        return made.get();
    }

    @Override
    public synchronized void close() {
        if (globalProducer != null) {
            globalProducer.close();
            globalProducer = null;
        }
    }

    static DeadLetters from(Map<String, ?> configs) {
        Object configured = configs.get(CONFIG);
        if (!(configured instanceof DeadLetters deadLetters)) {
            throw new IllegalStateException("the Streams config lacks " + CONFIG + "; build it with EnrichTopology.streamsProperties");
        }
        return deadLetters;
    }

    /** The message of the exception and its causes, without stack traces (and never the payload). */
    private static String messages(Throwable cause) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> decoded = new LinkedHashMap<>();
        if (headers != null) {
            for (Header header : headers) {
                decoded.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return decoded;
    }
}
