package org.procwatch.sink.consumer;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.postgresql.util.PSQLException;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.topic.DeadLetterEnvelope;
import org.procwatch.schemas.topic.TopicDescriptor;

/**
 * Sends the records the sink cannot write to the dead-letter topic, in the {@link DeadLetter} envelope, and
 * waits for each to be acknowledged: its offset is committed right after.
 */
final class SinkDeadLetters implements AutoCloseable {

    private final TopicDescriptor<byte[], DeadLetter> topic;
    private final Serializer<DeadLetter> serializer;
    private final Map<String, Object> producerConfig;
    private KafkaProducer<byte[], byte[]> producer;

    SinkDeadLetters(Map<String, Object> clientConfig, TopicDescriptor<byte[], DeadLetter> topic, SchemaRegistryClient registry) {
        this.topic = topic;
        this.serializer = topic.valueSerde(registry).serializer();
        this.producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    }

    void send(ConsumerRecord<byte[], byte[]> record, Exception cause) {
        String problem = cause instanceof SQLException sql ? "SQL state " + sql.getSQLState() + ": " + primaryMessage(sql)
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        DeadLetter letter = DeadLetterEnvelope.of("sink", "could not write the record to PostgreSQL: " + problem, record.value())
                .setErrorClass(cause.getClass().getName())
                .setErrorMessage(problem)
                .setProcessor("postgres-sink")
                .setTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .build();
        try {
            producer().send(new ProducerRecord<>(topic.name(), record.key(), serializer.serialize(topic.name(), letter))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while sending a dead letter", e);
        } catch (ExecutionException e) {
            throw new KafkaException("could not send a dead letter for " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                    e.getCause());
        }
    }

    /** PostgreSQL's message without its detail, which can quote the row's values. */
    static String primaryMessage(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getMessage();
        }
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
