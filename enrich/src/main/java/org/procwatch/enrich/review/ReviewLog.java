package org.procwatch.enrich.review;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.topic.TopicDescriptor;

/**
 * Writes reviews to their topic, where enrich (every instance, and any rebuild) and the sink read them. A review
 * is recorded once the broker has it on every in-sync replica, so an answer of "recorded" is never lost.
 */
public final class ReviewLog implements AutoCloseable {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final TopicDescriptor<String, Review> topic;
    private final KafkaProducer<String, Review> producer;

    public ReviewLog(TopicDescriptor<String, Review> topic, SchemaRegistryClient registry, String bootstrapServers,
                     Map<String, Object> clientOverrides) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(clientOverrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "procwatch-reviews");
        this.producer = new KafkaProducer<>(config, topic.keySerde(registry).serializer(), topic.valueSerde(registry).serializer());
    }

    /** The key a review is kept under: those of one process share a prefix, and no review replaces another. */
    public static String key(Review review) {
        return review.getOcid() + "|" + review.getEntityId() + "|" + review.getReviewId();
    }

    /**
     * @throws ReviewNotRecordedException when the broker did not take it in time; nothing is recorded then
     */
    public void record(Review review) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key(review), review)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ReviewNotRecordedException("the review could not be written to " + topic.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReviewNotRecordedException("interrupted while writing the review", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /** A review the broker did not take: the caller answers 503, and the analyst sends it again. */
    public static final class ReviewNotRecordedException extends RuntimeException {
        ReviewNotRecordedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
