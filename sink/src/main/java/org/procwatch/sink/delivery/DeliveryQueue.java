package org.procwatch.sink.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.procwatch.sink.jdbc.KeptConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook deliveries queued in PostgreSQL ({@code V2__webhook_deliveries.sql}): the next one due, its
 * attempts logged, and each subscriber's health. A delivery is locked while it is being sent, so two
 * dispatchers on the same database never send it at the same time. An instance keeps one connection,
 * opened again after a failure, since a worker asks every second: it serves one thread at a time.
 */
final class DeliveryQueue implements AutoCloseable {

    /** A delivery being sent. */
    record Delivery(String alertId, String event, String body, int attempts) {
    }

    /** How a subscriber has fared: failures in a row, whether it is parked, and when it may be tried next. */
    record Health(int consecutiveFailures, boolean parked, Instant retryAt, String lastError) {

        static Health fine() {
            return new Health(0, false, null, null);
        }
    }

    @FunctionalInterface
    interface Attempt {
        WebhookSender.Outcome send(Delivery delivery) throws InterruptedException;
    }

    /** When a failed delivery may be tried again. */
    @FunctionalInterface
    interface Schedule {
        Duration after(int failures);
    }

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

    private final KeptConnection kept;

    DeliveryQueue(DataSource database, String schema) {
        this.kept = new KeptConnection(database, schema);
    }

    /**
     * Sends the subscriber's next delivery and records the attempt, in one transaction that holds the
     * delivery's row: a crash after the subscriber answered but before the commit sends it again (at least
     * once), never loses it.
     *
     * @param anyTime take the oldest undelivered one even if not yet due (a probe of a parked subscriber)
     * @return the outcome, or empty when nothing is due
     */
    Optional<WebhookSender.Outcome> sendNext(Subscription subscription, boolean anyTime, Attempt attempt, Schedule retry)
            throws SQLException, InterruptedException {
        Connection connection = kept.open();
        try {
            int expired = expire(connection, subscription);
            if (expired > 0) {
                log.warn("{} deliveries to {} were given up, undelivered after {}", expired, subscription.id(), subscription.expiry());
            }
            Delivery delivery = next(connection, subscription.id(), anyTime);
            if (delivery == null) {
                connection.commit();
                return Optional.empty();
            }
            WebhookSender.Outcome outcome = attempt.send(delivery);
            int number = delivery.attempts() + 1;
            logAttempt(connection, subscription, delivery, number, outcome);
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE webhook_deliveries SET attempts = ?, delivered_at = ?, next_attempt_at = ?
                    WHERE subscription_id = ? AND alert_id = ? AND event = ?""")) {
                Instant now = Instant.now();
                update.setInt(1, number);
                update.setTimestamp(2, outcome.delivered() ? Timestamp.from(now) : null);
                update.setTimestamp(3, Timestamp.from(outcome.delivered() ? now : now.plus(retry.after(number))));
                update.setString(4, subscription.id());
                update.setString(5, delivery.alertId());
                update.setString(6, delivery.event());
                update.executeUpdate();
            }
            connection.commit();
            return Optional.of(outcome);
        } catch (SQLException | InterruptedException | RuntimeException e) {
            kept.discard();
            throw e;
        }
    }

    /** Gives up the subscriber's deliveries queued longer ago than its expiry, and says how many. */
    private static int expire(Connection connection, Subscription subscription) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE webhook_deliveries SET expired_at = now()
                WHERE subscription_id = ? AND delivered_at IS NULL AND expired_at IS NULL AND queued_at < ?""")) {
            update.setString(1, subscription.id());
            update.setTimestamp(2, Timestamp.from(Instant.now().minus(subscription.expiry())));
            return update.executeUpdate();
        }
    }

    private static Delivery next(Connection connection, String subscriptionId, boolean anyTime) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT alert_id, event, body, attempts FROM webhook_deliveries
                WHERE subscription_id = ? AND delivered_at IS NULL AND expired_at IS NULL AND (? OR next_attempt_at <= now())
                ORDER BY next_attempt_at, queued_at, alert_id, event LIMIT 1 FOR UPDATE SKIP LOCKED""")) {
            select.setString(1, subscriptionId);
            select.setBoolean(2, anyTime);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Delivery(row.getString(1), row.getString(2), row.getString(3), row.getInt(4)) : null;
            }
        }
    }

    private static void logAttempt(Connection connection, Subscription subscription, Delivery delivery, int number,
                                   WebhookSender.Outcome outcome) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO webhook_attempts (subscription_id, alert_id, event, attempt, attempted_at, url, status, error, duration_ms,
                    delivered)
                VALUES (?, ?, ?, ?, now(), ?, ?, ?, ?, ?)""")) {
            insert.setString(1, subscription.id());
            insert.setString(2, delivery.alertId());
            insert.setString(3, delivery.event());
            insert.setInt(4, number);
            insert.setString(5, subscription.redactedUrl());
            insert.setObject(6, outcome.status());
            insert.setString(7, outcome.error());
            insert.setInt(8, (int) Math.min(Integer.MAX_VALUE, outcome.took().toMillis()));
            insert.setBoolean(9, outcome.delivered());
            insert.executeUpdate();
        }
    }

    /** Makes every undelivered delivery of the subscriber due now: it is back, so what waited out a backoff need not wait more. */
    void dueNow(String subscriptionId) throws SQLException {
        kept.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE webhook_deliveries SET next_attempt_at = now() WHERE subscription_id = ? AND delivered_at IS NULL "
                            + "AND expired_at IS NULL")) {
                update.setString(1, subscriptionId);
                return update.executeUpdate();
            }
        });
    }

    Health health(String subscriptionId) throws SQLException {
        return kept.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT consecutive_failures, parked, retry_at, last_error FROM webhook_subscribers WHERE subscription_id = ?")) {
                select.setString(1, subscriptionId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Health.fine();
                    }
                    Timestamp retryAt = row.getTimestamp(3);
                    return new Health(row.getInt(1), row.getBoolean(2), retryAt == null ? null : retryAt.toInstant(), row.getString(4));
                }
            }
        });
    }

    void saveHealth(String subscriptionId, Health health) throws SQLException {
        kept.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO webhook_subscribers (subscription_id, consecutive_failures, parked, retry_at, last_error, changed_at)
                    VALUES (?, ?, ?, ?, ?, now())
                    ON CONFLICT (subscription_id) DO UPDATE SET consecutive_failures = EXCLUDED.consecutive_failures,
                        parked = EXCLUDED.parked, retry_at = EXCLUDED.retry_at, last_error = EXCLUDED.last_error,
                        changed_at = EXCLUDED.changed_at""")) {
                upsert.setString(1, subscriptionId);
                upsert.setInt(2, health.consecutiveFailures());
                upsert.setBoolean(3, health.parked());
                upsert.setTimestamp(4, health.retryAt() == null ? null : Timestamp.from(health.retryAt()));
                upsert.setString(5, health.lastError());
                return upsert.executeUpdate();
            }
        });
    }

    /** How many deliveries of a subscriber wait, how many were delivered, and how many were given up. */
    record Counts(long waiting, long delivered, long expired) {
    }

    Counts counts(String subscriptionId) throws SQLException {
        return kept.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT count(*) FILTER (WHERE delivered_at IS NULL AND expired_at IS NULL),
                           count(*) FILTER (WHERE delivered_at IS NOT NULL), count(*) FILTER (WHERE expired_at IS NOT NULL)
                    FROM webhook_deliveries WHERE subscription_id = ?""")) {
                select.setString(1, subscriptionId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new Counts(row.getLong(1), row.getLong(2), row.getLong(3));
                }
            }
        });
    }

    @Override
    public void close() {
        kept.close();
    }
}
