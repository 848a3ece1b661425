-- Webhook delivery (CONTRACTS section 8). The sink queues a delivery per matching subscription and alert in
-- the same transaction that writes the alert, so a queued delivery is never lost and never queued twice;
-- dispatchers send them from here, and every attempt is logged.

-- One row per subscription and alert: the body is kept as it is signed and sent, so a retry, even after a
-- restart, sends the same bytes. A later revision of an alert not yet delivered replaces the body.
CREATE TABLE webhook_deliveries (
    subscription_id text NOT NULL,
    alert_id        text NOT NULL,
    revision        integer NOT NULL,
    body            text NOT NULL,
    queued_at       timestamptz NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    PRIMARY KEY (subscription_id, alert_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (subscription_id, next_attempt_at) WHERE delivered_at IS NULL;

-- The delivery log: every attempt, its HTTP status or the error that stopped it.
CREATE TABLE webhook_attempts (
    subscription_id text NOT NULL,
    alert_id        text NOT NULL,
    attempt         integer NOT NULL,
    attempted_at    timestamptz NOT NULL,
    url             text NOT NULL,
    status          integer,
    error           text,
    duration_ms     integer NOT NULL,
    delivered       boolean NOT NULL,
    PRIMARY KEY (subscription_id, alert_id, attempt)
);
CREATE INDEX webhook_attempts_time ON webhook_attempts (attempted_at DESC);

-- Each subscriber's health: failures in a row, and whether it is parked (down for long enough that only a
-- probe is sent now and then, until one succeeds).
CREATE TABLE webhook_subscribers (
    subscription_id      text PRIMARY KEY,
    consecutive_failures integer NOT NULL,
    parked               boolean NOT NULL,
    retry_at             timestamptz,
    last_error           text,
    changed_at           timestamptz NOT NULL
);
