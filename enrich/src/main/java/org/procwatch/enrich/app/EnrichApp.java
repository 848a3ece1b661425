package org.procwatch.enrich.app;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.procwatch.enrich.errors.DeadLetters;
import org.procwatch.enrich.errors.RegistryPatience;
import org.procwatch.enrich.topology.EnrichSettings;
import org.procwatch.enrich.topology.EnrichTopics;
import org.procwatch.enrich.topology.EnrichTopology;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.registry.SchemaRegistryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrich app running: its Kafka Streams client, started with the topology logged, stopped on close.
 * An error that escapes the exception handlers shuts the client down rather than going on with a gap;
 * {@link #awaitStop()} then says so, and the process exits non-zero.
 */
public final class EnrichApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EnrichApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final DeadLetters deadLetters;
    private final RegistryPatience patience;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean failed;
    /** How long a stream thread that met the registry away waits before it is replaced. */
    private static final Duration REGISTRY_PAUSE = Duration.ofSeconds(5);

    private EnrichApp(KafkaStreams streams, DeadLetters deadLetters, RegistryPatience patience) {
        this.streams = streams;
        this.deadLetters = deadLetters;
        this.patience = patience;
    }

    /**
     * A stream thread that failed because the schema registry is away is replaced once a pause has passed: the new
     * thread takes its tasks from their last commit, so nothing is lost or doubled, and it fails again, after another
     * pause, for as long as the registry stays away. Anything else stops the app.
     */
    private StreamThreadExceptionResponse onThreadFailure(Throwable error) {
        if (SchemaRegistryUnavailableException.isCauseOf(error)) {
            log.warn("The schema registry is away: a stream thread starts again in {} s, from its last commit ({})",
                    REGISTRY_PAUSE.toSeconds(), error.getMessage());
            try {
                Thread.sleep(REGISTRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        log.error("Enrich stops: an error no handler could deal with: {}", error.getMessage(), error);
        failed = true;
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /**
     * Starts the app once the schema registry answers, so that a start during an outage waits it out rather than
     * failing on its first question. From then on, a global record (the watchlist, ownership, reviews) that arrives
     * while the registry is away waits for it ({@link RegistryPatience}), as Kafka Streams cannot replace the global
     * thread, and the stream threads are replaced ({@link #onThreadFailure}).
     */
    public static EnrichApp start(EnrichTopics topics, SchemaRegistryClient registry, EnrichSettings settings) {
        RegistryPatience patience = new RegistryPatience();
        patience.waitOut("enrich's start", registry::subjects);
        Topology topology = EnrichTopology.build(topics, registry, settings, patience);
        log.info("Enrich topology:\n{}", topology.describe());
        Properties props = EnrichTopology.streamsProperties(topics, registry, settings);
        EnrichApp app = new EnrichApp(new KafkaStreams(topology, props), (DeadLetters) props.get(DeadLetters.CONFIG), patience);
        app.streams.setUncaughtExceptionHandler(app::onThreadFailure);
        app.streams.setStateListener((now, before) -> {
            log.info("Enrich {} -> {}", before, now);
            if (now == KafkaStreams.State.PENDING_SHUTDOWN || now == KafkaStreams.State.PENDING_ERROR) {
                patience.stop();
            }
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                app.failed |= now == KafkaStreams.State.ERROR;
                app.stopped.countDown();
            }
        });
        app.streams.start();
        return app;
    }

    /** Whether every stream thread is running (not starting, nor rebalancing). */
    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Records sent to the dead-letter topic so far, with their reasons (see {@link DeadLetters#made()}). */
    public long deadLetters() {
        return deadLetters.made();
    }

    /** The Streams client, for interactive queries of its stores. */
    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Waits until the app stops.
     *
     * @return true when it stopped because of an error
     */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return failed;
    }

    @Override
    public void close() {
        // A global record waiting for the registry would hold the close up: not applied now, it is at the next start.
        patience.stop();
        try {
            streams.close(CLOSE_TIMEOUT);
        } finally {
            deadLetters.close();
        }
    }
}
