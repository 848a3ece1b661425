package org.procwatch.sink.delivery;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the webhook deliveries the sink queues ({@link WebhookOutbox}) to their subscribers, each
 * subscriber on a virtual thread of its own ({@link SubscriberWorker}).
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final List<SubscriberWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** For {@link #status()}, which HTTP requests call at any time. */
    private final DeliveryQueue statusQueue;

    private WebhookDispatcher(DeliveryQueue statusQueue) {
        this.statusQueue = statusQueue;
    }

    /**
     * @param schema the PostgreSQL schema of the sink's tables, migrated already
     */
    public static WebhookDispatcher start(List<Subscription> subscriptions, DataSource database, String schema, WebhookSettings settings) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(new DeliveryQueue(database, schema));
        WebhookSender sender = new WebhookSender(settings.timeout());
        for (Subscription subscription : subscriptions) {
            SubscriberWorker worker = new SubscriberWorker(subscription, new DeliveryQueue(database, schema), sender, settings,
                    RandomGenerator.getDefault());
            dispatcher.workers.add(worker);
            dispatcher.threads.add(Thread.ofVirtual().name("procwatch-webhook-" + subscription.id()).start(worker));
        }
        if (!subscriptions.isEmpty()) {
            log.info("Delivering alerts to {} webhook subscriptions: {}", subscriptions.size(),
                    subscriptions.stream().map(Subscription::id).toList());
        }
        return dispatcher;
    }

    /** Each subscription's attempts, by outcome, and whether it is parked, for a meter registry. */
    public MeterBinder metrics() {
        return registry -> {
            for (SubscriberWorker worker : workers) {
                String id = worker.subscription().id();
                FunctionCounter.builder("procwatch.webhook.attempts", worker, SubscriberWorker::deliveredAttempts)
                        .description("Webhook delivery attempts").tags("subscription", id, "outcome", "delivered").register(registry);
                FunctionCounter.builder("procwatch.webhook.attempts", worker, SubscriberWorker::failedAttempts)
                        .description("Webhook delivery attempts").tags("subscription", id, "outcome", "failed").register(registry);
                Gauge.builder("procwatch.webhook.parked", worker, each -> each.health().parked() ? 1 : 0)
                        .description("1 while the subscriber is parked: down, probed now and then").tag("subscription", id)
                        .register(registry);
            }
        };
    }

    /** Each subscription's deliveries and health, for {@code /api/status}. */
    public synchronized List<Map<String, Object>> status() {
        List<Map<String, Object>> status = new ArrayList<>();
        for (SubscriberWorker worker : workers) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", worker.subscription().id());
            try {
                DeliveryQueue.Counts counts = statusQueue.counts(worker.subscription().id());
                one.put("waiting", counts.waiting());
                one.put("delivered", counts.delivered());
                one.put("expired", counts.expired());
            } catch (SQLException e) {
                one.put("waiting", null);
                one.put("delivered", null);
                one.put("expired", null);
            }
            DeliveryQueue.Health health = worker.health();
            one.put("parked", health.parked());
            one.put("failuresInARow", health.consecutiveFailures());
            one.put("lastError", health.lastError());
            status.add(one);
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
                return;
            }
        }
        synchronized (this) {
            statusQueue.close();
        }
    }
}
