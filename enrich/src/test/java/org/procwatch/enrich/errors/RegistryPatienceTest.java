package org.procwatch.enrich.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.registry.SchemaRegistryUnavailableException;

class RegistryPatienceTest {

    private final RegistryPatience patience = new RegistryPatience();
    private final AtomicInteger calls = new AtomicInteger();

    /** A serde whose deserializer finds the registry away the first {@code outage} times, as a wrapped cause. */
    private Serde<String> registryAway(int outage) {
        Deserializer<String> deserializer = (topic, data) -> {
            if (calls.incrementAndGet() <= outage) {
                throw new SerializationException("could not read the schema",
                        new SchemaRegistryUnavailableException("connection refused", 0, null));
            }
            return new String(data, StandardCharsets.UTF_8);
        };
        return Serdes.serdeFrom(Serdes.String().serializer(), deserializer);
    }

    @Test
    void shouldWaitOutAnOutageAndReadTheRecordOnceTheRegistryAnswers() {
        Serde<String> patient = patience.patient(registryAway(2));

        assertThat(patient.deserializer().deserialize("watchlist", "hikvision".getBytes(StandardCharsets.UTF_8))).isEqualTo("hikvision");
        assertThat(calls).as("asked again until it answered").hasValue(3);
    }

    @Test
    void shouldNotWaitForAnythingButTheRegistry() {
        Deserializer<String> broken = patience.patient(Serdes.serdeFrom(Serdes.String().serializer(), (Deserializer<String>) (topic, data) -> {
            calls.incrementAndGet();
            throw new SerializationException("unknown magic byte");
        })).deserializer();

        assertThatThrownBy(() -> broken.deserialize("watchlist", new byte[] {7})).hasMessageContaining("unknown magic byte");
        assertThat(calls).as("asked once: a record that cannot be read is for the dead-letter topic").hasValue(1);
    }

    @Test
    void shouldStopWaitingOnceStopped() throws Exception {
        Serde<String> patient = patience.patient(registryAway(Integer.MAX_VALUE));
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(
                () -> patient.deserializer().deserialize("watchlist", new byte[0]), Thread::startVirtualThread);
        Thread.sleep(1_000);
        assertThat(waiting).as("waiting for the registry").isNotDone();

        patience.stop();

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SchemaRegistryUnavailableException.class);
    }
}
