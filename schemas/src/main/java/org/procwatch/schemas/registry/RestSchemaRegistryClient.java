package org.procwatch.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.procwatch.schemas.evolution.SchemaEvolution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API, which Confluent Schema Registry, Apicurio Registry
 * (at {@code /apis/ccompat/v7}), Karapace and Redpanda all serve. Ids and schemas are cached both ways,
 * so a running producer or consumer asks the registry once per schema. Unreachable or overloaded
 * registries are retried per the {@link RetryPolicy}.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int SUBJECT_NOT_FOUND = 40401;

    private final String baseUrl;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(String baseUrl) {
        this(baseUrl, RetryPolicy.standard(), Duration.ofSeconds(30));
    }

    public RestSchemaRegistryClient(String baseUrl, RetryPolicy retry, Duration requestTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        Response response = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        if (response.status() == 409) {
            throw incompatible(subject, schema, response);
        }
        int id = response.expectOk("register a schema under subject '" + subject + "'").path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        Response response = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = response.expectOk("look up a schema under subject '" + subject + "'").path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Response response = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(response.expectOk("fetch the schema with id " + id).path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        Response response = send("POST",
                "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true", schemaBody(schema));
        if (response.status() == 404 && response.errorCode() == SUBJECT_NOT_FOUND) {
            return CompatibilityResult.ok();
        }
        JsonNode body = response.expectOk("test compatibility under subject '" + subject + "'");
        if (body.path("is_compatible").asBoolean(false)) {
            return CompatibilityResult.ok();
        }
        List<String> messages = new ArrayList<>();
        body.path("messages").forEach(message -> messages.add(message.asText()));
        if (messages.isEmpty()) {
            messages.addAll(localExplanation(subject, schema));
        }
        return new CompatibilityResult(false, messages);
    }

    @Override
    public List<String> subjects() {
        JsonNode body = send("GET", "/subjects", null).expectOk("list subjects");
        List<String> subjects = new ArrayList<>();
        body.forEach(subject -> subjects.add(subject.asText()));
        return subjects;
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private IncompatibleSchemaException incompatible(String subject, Schema schema, Response response) {
        return new IncompatibleSchemaException(subject, localExplanation(subject, schema), response.errorMessage());
    }

    /**
     * Registries differ in how much they say about an incompatibility, so explain it ourselves by checking
     * the new schema against the subject's latest version, as the BACKWARD rule does.
     */
    private List<String> localExplanation(String subject, Schema schema) {
        try {
            JsonNode latest = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null)
                    .expectOk("fetch the latest schema of subject '" + subject + "'");
            return SchemaEvolution.backwardIncompatibilities(schema, parse(latest.path("schema").asText()));
        } catch (SchemaRegistryException e) {
            log.debug("Could not fetch the latest schema of {} to explain an incompatibility", subject, e);
            return List.of();
        }
    }

    private String schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    private Response send(String method, String path, String body) {
        URI uri = URI.create(baseUrl + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .header("Content-Type", CONTENT_TYPE)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long started = System.nanoTime();
        String lastProblem = null;
        int lastStatus = 0;
        Exception lastCause = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                pause(retry.backoffBefore(attempt - 1), uri);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (!isTransient(response.statusCode())) {
                    return new Response(response.statusCode(), readBody(response.body()), method + " " + uri);
                }
                lastStatus = response.statusCode();
                lastProblem = "HTTP " + lastStatus;
                lastCause = null;
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastCause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("Interrupted while calling the schema registry at " + baseUrl, 0, e);
            }
            log.debug("Schema registry call {} {} failed (attempt {} of {}): {}", method, uri, attempt, retry.attempts(), lastProblem);
        }
        Duration spent = Duration.ofNanos(System.nanoTime() - started);
        throw new SchemaRegistryUnavailableException(String.format(
                "Schema registry at %s did not answer %s %s after %d attempts over %.1f s (last: %s). "
                        + "Check that the registry is running and that the schema registry URL is right.",
                baseUrl, method, path, retry.attempts(), spent.toMillis() / 1000.0, lastProblem), lastStatus, lastCause);
    }

    private static boolean isTransient(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static void pause(Duration wait, URI uri) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted while waiting to retry " + uri, 0, e);
        }
    }

    private JsonNode readBody(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    /** One registry answer. */
    private record Response(int status, JsonNode body, String call) {

        JsonNode expectOk(String purpose) {
            if (status >= 200 && status < 300) {
                return body;
            }
            throw new SchemaRegistryException(String.format("Schema registry refused to %s: HTTP %d%s (%s)",
                    purpose, status, errorMessage() == null ? "" : " " + errorMessage(), call), status);
        }

        int errorCode() {
            return body.path("error_code").asInt(0);
        }

        String errorMessage() {
            JsonNode message = body.path("message");
            return message.isMissingNode() || message.isNull() ? null : message.asText();
        }
    }
}
