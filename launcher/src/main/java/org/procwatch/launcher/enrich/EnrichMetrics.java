package org.procwatch.launcher.enrich;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.procwatch.enrich.app.EnrichApp;

/** The enrich app's meters: Kafka Streams' own (end-to-end latency among them) and its dead letters. */
public final class EnrichMetrics {

    /**
     * How often Kafka Streams' meters are looked for again. Those of tasks assigned after start (all of them, as
     * tasks come with the first rebalance) appear only then; Micrometer's default is a minute.
     */
    static final Duration METERS_REFRESH = Duration.ofSeconds(10);

    private EnrichMetrics() {
    }

    public static MeterBinder of(EnrichApp app) {
        return registry -> {
            new KafkaStreamsMetrics(app.streams(), List.of(), Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .name("procwatch-enrich-meters").daemon(true).factory()), METERS_REFRESH).bindTo(registry);
            FunctionCounter.builder("procwatch.enrich.dead.letters", app, EnrichApp::deadLetters)
                    .description("Records enrich could not use, sent to the dead-letter topic").register(registry);
        };
    }
}
