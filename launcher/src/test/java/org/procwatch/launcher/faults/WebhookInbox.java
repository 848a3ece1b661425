package org.procwatch.launcher.faults;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook subscriber that can be down (nothing listens on its port) and come back on the same port. It
 * accepts every delivery and keeps their delivery ids, repeats included.
 */
final class WebhookInbox implements AutoCloseable {

    private final int port;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private HttpServer server;

    WebhookInbox(int port) {
        this.port = port;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/alerts";
    }

    void up() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/alerts", exchange -> {
            exchange.getRequestBody().readAllBytes();
            accepted.add(exchange.getRequestHeaders().getFirst("X-Procwatch-Delivery"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    boolean isUp() {
        return server != null;
    }

    /** Delivery ids accepted, in order, repeats included. */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        down();
    }
}
