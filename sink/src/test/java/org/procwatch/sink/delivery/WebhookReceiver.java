package org.procwatch.sink.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber's endpoint on 127.0.0.1 for tests: it answers 503 to its first {@code failFirst} requests (or
 * never answers, when hanging), then 200, and keeps every request it was sent.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as received, and what it was answered. */
    record Received(String event, String deliveryId, String signature, byte[] body, int answered) {

        JsonNode alert() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);

    private WebhookReceiver(int port, int failFirst, boolean hang) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> answer(exchange, failFirst, hang));
        server.start();
    }

    static WebhookReceiver failingFirst(int failFirst) throws IOException {
        return new WebhookReceiver(0, failFirst, false);
    }

    static WebhookReceiver hanging() throws IOException {
        return new WebhookReceiver(0, 0, true);
    }

    static WebhookReceiver healthyOn(int port) throws IOException {
        return new WebhookReceiver(port, 0, false);
    }

    private void answer(HttpExchange exchange, int failFirst, boolean hang) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (hang) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        int status = requests.incrementAndGet() <= failFirst ? 503 : 200;
        synchronized (received) {
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Procwatch-Event"),
                    exchange.getRequestHeaders().getFirst("X-Procwatch-Delivery"),
                    exchange.getRequestHeaders().getFirst("X-Procwatch-Signature"), body, status));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The delivery ids answered 200, once for each time. */
    List<String> accepted() {
        return received().stream().filter(request -> request.answered() == 200).map(Received::deliveryId).toList();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
