package org.procwatch.sink.delivery;

/**
 * What a delivery tells of its alert (CONTRACTS section 8: {@code X-Procwatch-Event}): that it was raised,
 * or retracted. Each event of an alert is a delivery of its own, under {@code <alertId>:<event>}.
 */
enum WebhookEvent {
    RAISED("alert.raised"),
    RETRACTED("alert.retracted");

    private final String header;

    WebhookEvent(String header) {
        this.header = header;
    }

    String header() {
        return header;
    }
}
