package org.procwatch.enrich.errors;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.header.Headers;
import org.procwatch.schemas.registry.SchemaRegistryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits out a schema-registry outage where a thread may wait: the app's start, and the global thread, which keeps
 * the watchlist, ownership and reviews stores. A stream thread that meets the registry away is replaced (it is in a consumer
 * group, and must poll), but Kafka Streams cannot replace the global thread: an error there stops the whole client.
 * The global thread is in no group, so it may wait: its (de)serializers ask again, with growing pauses, until the
 * registry answers, and the record is applied then, in its order. Once the app is closing they stop waiting.
 */
public final class RegistryPatience {

    private static final Logger log = LoggerFactory.getLogger(RegistryPatience.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(15);
    private static final Duration STEP = Duration.ofMillis(250);
    /** An outage is reported when it begins and then once a minute, not at every try. */
    private static final Duration REPORT_EVERY = Duration.ofMinutes(1);

    private volatile boolean closing;

    /** Stops every wait: the app is closing, and a record not applied now is applied at the next start. */
    public void stop() {
        closing = true;
    }

    /** The serde, whose every call waits out an outage. */
    public <T> Serde<T> patient(Serde<T> serde) {
        Serializer<T> serializer = serde.serializer();
        Deserializer<T> deserializer = serde.deserializer();
        return Serdes.serdeFrom(new Serializer<>() {
            @Override
            public byte[] serialize(String topic, T data) {
                return waitOut(topic, () -> serializer.serialize(topic, data));
            }

            @Override
            public byte[] serialize(String topic, Headers headers, T data) {
                return waitOut(topic, () -> serializer.serialize(topic, headers, data));
            }
        }, new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                return waitOut(topic, () -> deserializer.deserialize(topic, data));
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                return waitOut(topic, () -> deserializer.deserialize(topic, headers, data));
            }
        });
    }

    /** Sleeps a pause in short steps, so that a close is not kept waiting for the end of a long one. */
    private void pause(Duration pause) {
        try {
            for (long slept = 0; slept < pause.toMillis() && !closing; slept += STEP.toMillis()) {
                Thread.sleep(STEP.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }

    /**
     * The call's answer, asked again with growing pauses for as long as the registry is away (and the app not closing).
     *
     * @param what what waits, for the log: a topic, or the app's start
     */
    public <T> T waitOut(String what, Supplier<T> call) {
        Duration pause = FIRST_PAUSE;
        Instant reported = null;
        while (true) {
            try {
                T result = call.get();
                if (reported != null) {
                    log.info("The schema registry answers again; {} goes on", what);
                }
                return result;
            } catch (RuntimeException e) {
                if (closing || !SchemaRegistryUnavailableException.isCauseOf(e)) {
                    throw e;
                }
                Instant now = Instant.now();
                if (reported == null || now.isAfter(reported.plus(REPORT_EVERY))) {
                    log.warn("The schema registry is away: {} waits for it, asking again with pauses up to {} s ({})", what,
                            LONGEST_PAUSE.toSeconds(), e.getMessage());
                    reported = now;
                }
            }
            pause(pause);
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }
}
