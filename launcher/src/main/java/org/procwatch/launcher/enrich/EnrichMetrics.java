package org.procwatch.launcher.enrich;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.procwatch.enrich.app.EnrichApp;

/** The enrich app's meters: Kafka Streams' own (end-to-end latency among them) and its dead letters. */
public final class EnrichMetrics {

    private EnrichMetrics() {
    }

    public static MeterBinder of(EnrichApp app) {
        return registry -> {
            new KafkaStreamsMetrics(app.streams()).bindTo(registry);
            FunctionCounter.builder("procwatch.enrich.dead.letters", app, EnrichApp::deadLetters)
                    .description("Records enrich could not use, sent to the dead-letter topic").register(registry);
        };
    }
}
