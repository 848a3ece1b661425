package org.procwatch.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A loopback HTTP server speaking the Confluent Schema Registry API over an {@link InMemorySchemaRegistry},
 * for unit tests of the REST client: it records every request and can be told to fail the next ones.
 */
public final class FakeRegistryServer implements AutoCloseable {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToServe = new AtomicInteger();
    private volatile int failureStatus = 503;
    private final HttpServer server;

    public FakeRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public InMemorySchemaRegistry registry() {
        return registry;
    }

    /** Every request so far, as "METHOD /path". */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Answer the next {@code count} requests with the given status instead of serving them. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresToServe.set(count);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        try (exchange) {
            if (failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, failureStatus, error(failureStatus * 100, "injected failure"));
                return;
            }
            try {
                respond(exchange, 200, route(exchange.getRequestMethod(), path, exchange.getRequestBody().readAllBytes()));
            } catch (RegistryError e) {
                respond(exchange, e.status, error(e.code, e.getMessage()));
            }
        }
    }

    private String route(String method, String path, byte[] body) throws IOException {
        String[] parts = path.substring(1).split("/");
        if (method.equals("GET") && path.equals("/subjects")) {
            return json.writeValueAsString(registry.subjects());
        }
        if (method.equals("GET") && parts.length == 3 && parts[0].equals("schemas") && parts[1].equals("ids")) {
            try {
                return json.createObjectNode().put("schema", registry.schemaById(Integer.parseInt(parts[2])).toString()).toString();
            } catch (SchemaRegistryException e) {
                throw new RegistryError(404, 40403, "Schema not found");
            }
        }
        if (parts[0].equals("subjects") && parts.length >= 2) {
            String subject = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            if (method.equals("POST") && parts.length == 3 && parts[2].equals("versions")) {
                try {
                    return json.createObjectNode().put("id", registry.register(subject, schemaIn(body))).toString();
                } catch (IncompatibleSchemaException e) {
                    throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema");
                }
            }
            if (method.equals("POST") && parts.length == 2) {
                try {
                    return json.createObjectNode().put("subject", subject).put("id", registry.idOf(subject, schemaIn(body))).toString();
                } catch (SchemaRegistryException e) {
                    throw new RegistryError(404, 40403, "Schema not found");
                }
            }
            if (method.equals("GET") && parts.length == 4 && parts[3].equals("latest")) {
                try {
                    return json.createObjectNode().put("schema", registry.latest(subject).toString()).toString();
                } catch (SchemaRegistryException e) {
                    throw new RegistryError(404, 40401, "Subject not found");
                }
            }
        }
        if (method.equals("POST") && parts[0].equals("compatibility")) {
            String subject = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
            if (!registry.subjects().contains(subject)) {
                throw new RegistryError(404, 40401, "Subject not found");
            }
            CompatibilityResult result = registry.testCompatibility(subject, schemaIn(body));
            var answer = json.createObjectNode().put("is_compatible", result.compatible());
            result.messages().forEach(answer.putArray("messages")::add);
            return answer.toString();
        }
        throw new RegistryError(404, 404, "No such endpoint: " + method + " " + path);
    }

    private Schema schemaIn(byte[] body) throws IOException {
        JsonNode request = json.readTree(body);
        return new Schema.Parser().parse(request.path("schema").asText());
    }

    private String error(int code, String message) {
        return json.createObjectNode().put("error_code", code).put("message", message).toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static final class RegistryError extends RuntimeException {
        final int status;
        final int code;

        RegistryError(int status, int code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
