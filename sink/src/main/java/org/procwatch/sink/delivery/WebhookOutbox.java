package org.procwatch.sink.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.view.AlertView;
import org.procwatch.sink.jdbc.TableWriter;

/**
 * {@code procurement.alerts.v1} into {@code webhook_deliveries}: a delivery for each subscription an alert
 * matches, written in the sink's transaction with the alert itself. One delivery per subscription, alert id
 * and event ({@link WebhookEvent}), which make the delivery id: a replay or a later revision never queues it
 * again, though a later revision not yet delivered replaces the body, so the subscriber gets the alert as it
 * stands. A retracted alert is delivered as {@code alert.retracted} to each subscription that was sent (or is
 * still to be sent) its {@code alert.raised}, queued after it; a subscription that never heard of the alert is
 * not told it is gone.
 */
public final class WebhookOutbox implements TableWriter<Alert> {

    private final List<Subscription> subscriptions;

    public WebhookOutbox(List<Subscription> subscriptions) {
        this.subscriptions = List.copyOf(subscriptions);
    }

    @Override
    public String upsert() {
        return """
                INSERT INTO webhook_deliveries (subscription_id, alert_id, event, revision, body, queued_at, next_attempt_at)
                SELECT s.subscription_id, ?, ?, ?, ?, now(), now() FROM unnest(?::text[]) AS s(subscription_id)
                WHERE ? = 'alert.raised' OR EXISTS (SELECT 1 FROM webhook_deliveries raised WHERE raised.subscription_id = s.subscription_id
                                                    AND raised.alert_id = ? AND raised.event = 'alert.raised')
                ON CONFLICT (subscription_id, alert_id, event) DO UPDATE SET revision = EXCLUDED.revision, body = EXCLUDED.body
                WHERE webhook_deliveries.delivered_at IS NULL AND webhook_deliveries.expired_at IS NULL
                  AND webhook_deliveries.revision < EXCLUDED.revision""";
    }

    @Override
    public void bind(Connection connection, PreparedStatement statement, Alert alert) throws SQLException {
        String body;
        JsonNode view;
        try {
            body = JSON.writeValueAsString(AlertView.of(alert));
            view = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the alert as JSON", e);
        }
        WebhookEvent event = alert.getStatus() == AlertStatus.retracted ? WebhookEvent.RETRACTED : WebhookEvent.RAISED;
        // A retraction goes to whoever had the raise, whatever the filters say of the alert now.
        List<String> candidates = (event == WebhookEvent.RAISED
                ? subscriptions.stream().filter(subscription -> subscription.matches(view)) : subscriptions.stream())
                .map(Subscription::id).toList();
        TableWriter.text(statement, 1, alert.getAlertId());
        TableWriter.text(statement, 2, event.header());
        statement.setInt(3, alert.getRevision());
        TableWriter.text(statement, 4, body);
        TableWriter.texts(connection, statement, 5, candidates);
        TableWriter.text(statement, 6, event.header());
        TableWriter.text(statement, 7, alert.getAlertId());
    }
}
