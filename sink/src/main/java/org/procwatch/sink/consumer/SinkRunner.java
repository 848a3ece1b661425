package org.procwatch.sink.consumer;

import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.sink.delivery.WebhookDispatcher;
import org.procwatch.sink.jdbc.SinkSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL sink on a thread of its own: the schema migrated first; on close, its last batch is either
 * written or left, uncommitted, to the next start.
 */
public final class SinkRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkRunner.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final PostgresSink sink;
    private final WebhookDispatcher webhooks;
    private final Thread thread;
    private volatile boolean failed;

    private SinkRunner(PostgresSink sink, WebhookDispatcher webhooks) {
        this.sink = sink;
        this.webhooks = webhooks;
        this.thread = new Thread(sink, "procwatch-sink");
    }

    /**
     * Migrates the tables, then starts the sink, queuing each alert for the subscriptions it matches, and the
     * dispatcher delivering them.
     */
    public static SinkRunner start(SinkSettings settings, SchemaRegistryClient registry, DataSource database) {
        SinkSchema.migrate(database, settings.schema());
        WebhookDispatcher webhooks = WebhookDispatcher.start(settings.subscriptions(), database, settings.schema(), settings.webhooks());
        SinkRunner runner = new SinkRunner(new PostgresSink(settings, registry, database), webhooks);
        runner.thread.setUncaughtExceptionHandler((thread, error) -> {
            runner.failed = true;
            log.error("The PostgreSQL sink stopped: {}", error.getMessage(), error);
        });
        runner.thread.start();
        return runner;
    }

    /** The sink's and the webhooks' meters. */
    public MeterBinder metrics() {
        return registry -> {
            sink.metrics().bindTo(registry);
            webhooks.metrics().bindTo(registry);
        };
    }

    /** Each webhook subscription's deliveries and health. */
    public List<Map<String, Object>> webhookStatus() {
        return webhooks.status();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Waits until the sink stops.
     *
     * @return true when it stopped because of an error
     */
    public boolean awaitStop() throws InterruptedException {
        thread.join();
        return failed;
    }

    @Override
    public void close() {
        sink.close();
        webhooks.close();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
