package org.procwatch.sink.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** POSTs one delivery (CONTRACTS section 8): the alert as JSON, its delivery id, and its signature. */
final class WebhookSender {

    /** What one attempt came to: delivered on a 2xx answer, else the status or the error that stopped it. */
    record Outcome(boolean delivered, Integer status, String error, Duration took) {

        String describe() {
            return status != null ? "HTTP " + status : error;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    WebhookSender(Duration timeout) {
        // HTTP/1.1: an upgrade to cleartext HTTP/2 is something many small receivers mishandle.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    Outcome send(Subscription subscription, String alertId, String body) throws InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(subscription.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "procwatch")
                .header("X-Procwatch-Delivery", alertId)
                .header("X-Procwatch-Signature", WebhookSignature.of(subscription.secret(), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        long start = System.nanoTime();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Outcome(status >= 200 && status < 300, status, null, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Outcome(false, null, error, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
