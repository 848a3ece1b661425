package org.procwatch.enrich.errors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.topic.TopicDescriptor;

/**
 * Makes the dead-letter records of the enrich app: the {@link DeadLetter} envelope, with the record's
 * coordinates, raw bytes and the cause, bound for the dead-letter topic inside the same transaction as
 * the rest of the task's output. The exception handlers find it in the Streams config under {@link #CONFIG}.
 */
public final class DeadLetters {

    /** The Streams config key under which the app hands its {@code DeadLetters} to the exception handlers. */
    public static final String CONFIG = "procwatch.dead-letters";
    /** Dead letters keep at most this much of the rejected value. */
    static final int VALUE_LIMIT = 64 * 1024;

    private final TopicDescriptor<byte[], DeadLetter> topic;
    private final Serializer<DeadLetter> serializer;

    public DeadLetters(TopicDescriptor<byte[], DeadLetter> topic, SchemaRegistryClient registry) {
        this.topic = topic;
        this.serializer = topic.valueSerde(registry).serializer();
    }

    /** The dead letter of a record the app could not use, with why and where it stood. */
    public ProducerRecord<byte[], byte[]> of(String reason, Exception cause, ErrorHandlerContext context, byte[] key, byte[] value) {
        byte[] kept = value == null ? null : Arrays.copyOf(value, Math.min(value.length, VALUE_LIMIT));
        DeadLetter letter = DeadLetter.newBuilder()
                .setReason(reason)
                .setErrorClass(cause == null ? null : cause.getClass().getName())
                .setErrorMessage(cause == null ? null : messages(cause))
                .setApp("enrich")
                .setProcessor(context.processorNodeId())
                .setTopic(context.topic())
                .setPartition(context.topic() == null ? null : context.partition())
                .setOffset(context.topic() == null ? null : context.offset())
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(kept == null ? null : ByteBuffer.wrap(kept))
                .setValueTruncated(value != null && value.length > kept.length)
                .setHeaders(headers(context.headers()))
                .setFailedAt(Instant.now())
                .build();
        return new ProducerRecord<>(topic.name(), null, key, serializer.serialize(topic.name(), letter));
    }

    /** The list a handler returns. */
    List<ProducerRecord<byte[], byte[]>> one(String reason, Exception cause, ErrorHandlerContext context, byte[] key, byte[] value) {
        return List.of(of(reason, cause, context, key, value));
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
