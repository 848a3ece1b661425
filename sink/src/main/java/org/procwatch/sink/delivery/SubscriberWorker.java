package org.procwatch.sink.delivery;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.procwatch.sink.delivery.DeliveryQueue.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one subscriber's queue, on a thread of its own so that a subscriber that is slow or down never
 * delays another. A failed delivery is tried again after a backoff with jitter while the others go ahead;
 * after {@link WebhookSettings#parkAfter()} failures in a row the subscriber is parked: only a probe (its
 * oldest delivery) is sent every {@link WebhookSettings#probeEvery()}, and the first that succeeds makes
 * every waiting delivery due at once. A parked subscriber is probed as soon as procwatch starts again.
 */
final class SubscriberWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SubscriberWorker.class);

    private final Subscription subscription;
    private final DeliveryQueue queue;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final RandomGenerator random;
    private volatile Health health = Health.fine();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    SubscriberWorker(Subscription subscription, DeliveryQueue queue, WebhookSender sender, WebhookSettings settings,
                     RandomGenerator random) {
        this.subscription = subscription;
        this.queue = queue;
        this.sender = sender;
        this.settings = settings;
        this.random = random;
    }

    Subscription subscription() {
        return subscription;
    }

    Health health() {
        return health;
    }

    /** Attempts so far in this process that the subscriber answered with 2xx. */
    long deliveredAttempts() {
        return delivered.get();
    }

    /** Attempts so far in this process that failed: another status, a timeout, a refused connection. */
    long failedAttempts() {
        return failed.get();
    }

    @Override
    public void run() {
        try {
            Health saved = untilLoaded();
            if (saved.parked()) {
                log.info("Subscriber {} was parked when procwatch stopped; probing it now", subscription.id());
                saved = new Health(saved.consecutiveFailures(), true, Instant.now(), saved.lastError());
            }
            health = saved;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    step();
                } catch (SQLException e) {
                    log.warn("Webhook deliveries of {} wait for PostgreSQL (SQL state {}); trying again in {} ms", subscription.id(),
                            e.getSQLState(), databaseWait().toMillis());
                    Thread.sleep(databaseWait().toMillis());
                } catch (RuntimeException e) {
                    // Never expected; the worker must not die of it, or the subscriber would silently get nothing more.
                    log.error("Delivering to {} failed unexpectedly; trying again in {} ms", subscription.id(), databaseWait().toMillis(), e);
                    Thread.sleep(databaseWait().toMillis());
                }
            }
        } catch (InterruptedException e) {
            // Closing: a delivery being sent is not marked delivered, so the next start sends it again.
        } finally {
            queue.close();
        }
    }

    private Health untilLoaded() throws InterruptedException {
        while (true) {
            try {
                return queue.health(subscription.id());
            } catch (SQLException e) {
                log.warn("Cannot read the state of subscriber {} from PostgreSQL (SQL state {}); trying again in {} ms",
                        subscription.id(), e.getSQLState(), databaseWait().toMillis());
                Thread.sleep(databaseWait().toMillis());
            }
        }
    }

    private Duration databaseWait() {
        return settings.pollEvery().multipliedBy(5);
    }

    private void step() throws SQLException, InterruptedException {
        Instant now = Instant.now();
        if (health.retryAt() != null && now.isBefore(health.retryAt())) {
            Thread.sleep(Math.min(Duration.between(now, health.retryAt()).toMillis(), settings.pollEvery().toMillis()) + 1);
            return;
        }
        boolean probe = health.parked();
        Optional<WebhookSender.Outcome> outcome = queue.sendNext(subscription, probe,
                delivery -> sender.send(subscription, delivery.alertId(), delivery.event(), delivery.body()),
                failures -> Backoff.after(failures, settings.firstBackoff(), settings.maxBackoff(), random));
        if (outcome.isEmpty()) {
            Thread.sleep(settings.pollEvery().toMillis());
        } else if (outcome.get().delivered()) {
            delivered.incrementAndGet();
            delivered();
        } else {
            failed.incrementAndGet();
            failed(outcome.get(), probe);
        }
    }

    private void delivered() throws SQLException {
        if (health.parked()) {
            log.info("Subscriber {} answers again; sending what waited for it", subscription.id());
            queue.dueNow(subscription.id());
        }
        if (!health.equals(Health.fine())) {
            queue.saveHealth(subscription.id(), Health.fine());
            health = Health.fine();
        }
    }

    private void failed(WebhookSender.Outcome outcome, boolean probe) throws SQLException {
        int failures = health.consecutiveFailures() + 1;
        boolean parked = failures >= settings.parkAfter();
        Instant retryAt = parked ? Instant.now().plus(settings.probeEvery()) : null;
        if (parked && !health.parked()) {
            log.warn("Subscriber {} failed {} deliveries in a row (last: {}); parked, probed every {} s until it answers",
                    subscription.id(), failures, outcome.describe(), settings.probeEvery().toSeconds());
        } else if (!probe) {
            log.info("A delivery to {} failed ({}); it is tried again after a backoff", subscription.id(), outcome.describe());
        }
        Health next = new Health(failures, parked, retryAt, outcome.describe());
        queue.saveHealth(subscription.id(), next);
        health = next;
    }
}
