package org.procwatch.launcher.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.progress.LoggedProgress;
import org.procwatch.launcher.poll.Harvest;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.stack.LocalStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sources {@code run --poll} harvests, each on a thread of its own with its own transactional
 * writer, following the source until procwatch stops. A source that fails is waited out and harvested
 * again from where it stopped, never given up on.
 */
final class BackgroundPolls implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundPolls.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Harvest> harvests = new LinkedHashMap<>();
    private final MeterRegistry meters;

    private BackgroundPolls(MeterRegistry meters) {
        this.meters = meters;
    }

    /** @param meters where each harvest's counts are registered, once it has started */
    static BackgroundPolls start(LocalStack stack, List<Harvest.Options> polls, MeterRegistry meters) {
        BackgroundPolls background = new BackgroundPolls(meters);
        for (Harvest.Options options : polls) {
            Thread thread = new Thread(() -> background.harvest(stack, options), "procwatch-poll-" + options.source());
            thread.setDaemon(true);
            background.threads.add(thread);
            thread.start();
        }
        return background;
    }

    private void harvest(LocalStack stack, Harvest.Options options) {
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        try (IngestWriter writer = new IngestWriter(client, new RestSchemaRegistryClient(stack.schemaRegistryUrl()), IngestTopics.standard(),
                "procwatch-run-poll-" + options.source())) {
            Harvest harvest = options.create(writer, new LoggedProgress());
            synchronized (harvests) {
                harvests.put(options.source(), harvest);
            }
            harvest.metrics().bindTo(meters);
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    harvest.run();
                    if (!options.follow()) {
                        return;
                    }
                } catch (IOException e) {
                    log.warn("{}: {}; harvesting again in {} s, from where it stopped", options.source(), e.getMessage(),
                            AFTER_FAILURE.toSeconds());
                    Thread.sleep(AFTER_FAILURE.toMillis());
                }
            }
        } catch (InterruptedException e) {
            log.info("{}: harvest stopped; the next run goes on from there", options.source());
        } catch (RuntimeException e) {
            log.error("{}: harvest stopped: {}", options.source(), e.getMessage(), e);
        }
    }

    /** Each source's part of {@code /api/status}'s {@code harvest}. */
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        synchronized (harvests) {
            harvests.forEach((source, harvest) -> status.put(source, harvest.status()));
        }
        return status;
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("{} did not stop within {} s; its open transaction will be aborted", thread.getName(), STOP_WAIT.toSeconds());
            }
        }
    }
}
