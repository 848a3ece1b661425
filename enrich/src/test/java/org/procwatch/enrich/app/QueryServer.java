package org.procwatch.enrich.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.procwatch.enrich.query.EnrichQueries;
import org.procwatch.enrich.query.QueryUnavailableException;

/**
 * The part of the HTTP API that instances ask each other ({@code local=true}), served from one instance's
 * {@link EnrichQueries}: what the launcher's API server does, without the launcher.
 */
final class QueryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private volatile EnrichQueries queries;

    QueryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    HostInfo host() {
        return new HostInfo("127.0.0.1", server.getAddress().getPort());
    }

    void serve(EnrichQueries queries) {
        this.queries = queries;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Object answer;
        int status = 200;
        try {
            if (path.startsWith("/api/contracts/")) {
                String ocid = URLDecoder.decode(path.substring("/api/contracts/".length()), StandardCharsets.UTF_8);
                Optional<?> contract = queries.contract(ocid, true);
                answer = contract.orElse(null);
                status = contract.isPresent() ? 200 : 404;
            } else if (path.equals("/api/alerts")) {
                answer = queries.alerts(null, Integer.MAX_VALUE, null, null, null, true);
            } else if (path.equals("/api/exposure/entities")) {
                answer = queries.exposureByEntity(query.get("bodyType"), limit(query), true);
            } else if (path.equals("/api/exposure/buyers")) {
                answer = queries.exposureByBuyer(query.get("bodyType"), limit(query), true);
            } else if (path.equals("/api/foi/requests")) {
                answer = queries.foi().requests(query.get("bodyType"), null, limit(query), true);
            } else if (path.equals("/api/foi/bodies")) {
                answer = queries.foi().bodies(null, query.get("body"), false, true);
            } else {
                answer = null;
                status = 404;
            }
        } catch (QueryUnavailableException e) {
            answer = null;
            status = 503;
        }
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static int limit(Map<String, String> query) {
        return query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : Integer.MAX_VALUE;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
