-- Webhooks v2 (CONTRACTS section 8): a delivery per subscription, alert and event (alert.raised, alert.retracted),
-- so that an alert delivered when raised is delivered again when it is retracted; and deliveries that are given
-- up after the subscription's expiry instead of being tried for ever.

ALTER TABLE webhook_deliveries ADD COLUMN event text NOT NULL DEFAULT 'alert.raised';
ALTER TABLE webhook_deliveries ADD COLUMN expired_at timestamptz;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_pkey;
ALTER TABLE webhook_deliveries ADD PRIMARY KEY (subscription_id, alert_id, event);
DROP INDEX webhook_deliveries_due;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (subscription_id, next_attempt_at)
    WHERE delivered_at IS NULL AND expired_at IS NULL;

ALTER TABLE webhook_attempts ADD COLUMN event text NOT NULL DEFAULT 'alert.raised';
ALTER TABLE webhook_attempts DROP CONSTRAINT webhook_attempts_pkey;
ALTER TABLE webhook_attempts ADD PRIMARY KEY (subscription_id, alert_id, event, attempt);

-- The delivery log kept whole URLs, whose paths often carry a receiver's token: only scheme and host stay.
UPDATE webhook_attempts SET url = substring(url from '^[a-z]+://[^/?#]*') || '/…' WHERE url ~ '^[a-z]+://[^/?#]*[/?#].';
