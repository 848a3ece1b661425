package org.procwatch.enrich.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance of the app for the part of a table it holds, over its HTTP API, with
 * {@code local=true} so that it answers from its own stores and never asks on in turn.
 */
public class RemoteQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** The JSON at {@code path} on {@code host}; empty for a 404. */
    public Optional<JsonNode> get(HostInfo host, String pathAndQuery) {
        String separator = pathAndQuery.contains("?") ? "&" : "?";
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery + separator + "local=true");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new QueryUnavailableException("instance " + host + " answered " + response.statusCode() + " for " + pathAndQuery);
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new QueryUnavailableException("instance " + host + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryUnavailableException("interrupted while asking " + host, e);
        }
    }
}
