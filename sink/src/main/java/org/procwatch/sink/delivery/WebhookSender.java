package org.procwatch.sink.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * POSTs one delivery (CONTRACTS section 8): the alert as JSON, what happened to it ({@code X-Procwatch-Event}),
 * its delivery id ({@code <alertId>:<event>}) and its signature, made at the moment of sending. Redirects are
 * not followed, and the receiver's address is checked again before each attempt ({@link ReceiverAddress}).
 */
final class WebhookSender {

    /** What one attempt came to: delivered on a 2xx answer, else the status or the error that stopped it. */
    record Outcome(boolean delivered, Integer status, String error, Duration took) {

        String describe() {
            return status != null ? "HTTP " + status : error;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    WebhookSender(Duration timeout) {
        this(timeout, Clock.systemUTC());
    }

    WebhookSender(Duration timeout, Clock clock) {
        this.clock = clock;
        // HTTP/1.1: an upgrade to cleartext HTTP/2 is something many small receivers mishandle.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    Outcome send(Subscription subscription, String alertId, String event, String body) throws InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI url = URI.create(subscription.url());
        long start = System.nanoTime();
        try {
            Optional<String> refused = ReceiverAddress.refusal(url, subscription.allowPrivateNetwork());
            if (refused.isPresent()) {
                return new Outcome(false, null, "not sent: " + refused.get(), Duration.ofNanos(System.nanoTime() - start));
            }
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "procwatch")
                    .header("X-Procwatch-Event", event)
                    .header("X-Procwatch-Delivery", alertId + ":" + event)
                    .header("X-Procwatch-Signature", WebhookSignature.of(subscription.secret(), clock.instant(), bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Outcome(status >= 200 && status < 300, status, null, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            // Its message, unless it names the receiver's host: the receiver's address is not to be logged.
            String message = e.getMessage() == null || e.getMessage().contains(url.getHost()) ? "" : ": " + e.getMessage();
            return new Outcome(false, null, e.getClass().getSimpleName() + message, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
