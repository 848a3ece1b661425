package org.procwatch.sink.delivery;

import java.time.Duration;

/**
 * How hard webhook delivery tries.
 *
 * @param firstBackoff the wait before a failed delivery's second attempt; each further failure doubles it
 * @param maxBackoff   the longest wait between two attempts of a delivery
 * @param parkAfter    failures in a row after which a subscriber is taken to be down and parked
 * @param probeEvery   how often a parked subscriber is sent its oldest delivery, to learn whether it is back
 * @param timeout      how long one attempt may take, connecting included
 * @param pollEvery    how often a subscriber's queue is looked at for new deliveries
 */
public record WebhookSettings(Duration firstBackoff, Duration maxBackoff, int parkAfter, Duration probeEvery, Duration timeout,
                              Duration pollEvery) {

    public static WebhookSettings defaults() {
        return new WebhookSettings(Duration.ofSeconds(2), Duration.ofMinutes(30), 5, Duration.ofMinutes(1), Duration.ofSeconds(10),
                Duration.ofSeconds(1));
    }
}
