package org.procwatch.launcher.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.procwatch.ingest.file.FileIngest;
import org.procwatch.ingest.file.IngestInterruptedException;
import org.procwatch.ingest.foi.ColumnMapping;
import org.procwatch.ingest.kafka.IngestTopics;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.ingest.progress.LoggedProgress;
import org.procwatch.ingest.source.InputSpec;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.schemas.registry.RestSchemaRegistryClient;
import org.procwatch.schemas.watchlist.WatchlistFile;
import org.procwatch.stack.LocalStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled watchlist and {@code --input} ingested in the background, so the API answers meanwhile. A run
 * on the same data folder skips what it ingested before. Closing stops it at the next record and commits
 * what was sent, before the stack it writes to stops.
 */
final class BackgroundIngest implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundIngest.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Thread thread;

    private BackgroundIngest(Thread thread) {
        this.thread = thread;
    }

    static BackgroundIngest start(LocalStack stack, List<InputSpec> inputs) {
        Thread thread = new Thread(() -> ingest(stack, inputs), "procwatch-ingest");
        thread.setDaemon(true);
        thread.start();
        return new BackgroundIngest(thread);
    }

    private static void ingest(LocalStack stack, List<InputSpec> inputs) {
        Map<String, Object> client = Map.of("bootstrap.servers", stack.bootstrapServers());
        try (IngestWriter writer = new IngestWriter(client, new RestSchemaRegistryClient(stack.schemaRegistryUrl()),
                IngestTopics.standard(), "procwatch-run-ingest")) {
            FileIngest files = new FileIngest(writer, ColumnMapping.canonical(), new LoggedProgress(), ReadLimits.DEFAULTS);
            files.ingestWatchlist(WatchlistFile.bundled(), "bundled watchlist");
            try {
                files.ingest(inputs);
            } catch (IngestInterruptedException e) {
                log.info("Ingest stopped with {} new records; the next run goes on from there", writer.produced());
                return;
            }
            log.info("Ingest done: {} new records, {} already ingested, {} rejected to the dead-letter topic",
                    writer.produced(), writer.skipped(), writer.deadLetters());
        } catch (Exception e) {
            log.error("Ingest stopped: {}", e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Ingest did not stop within {} s; its open transaction will be aborted", STOP_WAIT.toSeconds());
        }
    }
}
