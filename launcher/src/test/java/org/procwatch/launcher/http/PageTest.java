package org.procwatch.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import io.javalin.Javalin;
import io.javalin.validation.ValidationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pages of a list route, followed by their Link headers to the end, give every row once, in order. */
class PageTest {

    private static final List<JsonNode> ROWS = IntStream.range(0, 25).<JsonNode>mapToObj(IntNode::valueOf).toList();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin server = Javalin.create(config -> {
        config.startup.showJavalinBanner = false;
        config.routes.get("/rows", ctx -> Page.of(ctx, 10).answer(ctx, ROWS));
        config.routes.exception(ValidationException.class, (e, ctx) -> ctx.status(400).result("invalid"));
    }).start("127.0.0.1", 0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void shouldGiveEveryRowOnceFollowingTheNextLinks() throws Exception {
        List<Integer> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = "/rows?limit=7&bodyType=police_force";
        while (next != null) {
            HttpResponse<String> page = get(next);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode rows = JSON.readTree(page.body());
            pageSizes.add(rows.size());
            rows.forEach(row -> seen.add(row.asInt()));
            next = page.headers().firstValue("Link").map(link -> {
                assertThat(link).endsWith(">; rel=\"next\"").contains("bodyType=police_force", "limit=7");
                return link.substring(1, link.indexOf('>'));
            }).orElse(null);
        }
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
        assertThat(pageSizes).containsExactly(7, 7, 7, 4);
    }

    @Test
    void shouldTakeItsDefaultLimitAndRefuseLimitsOutOfRange() throws Exception {
        assertThat(JSON.readTree(get("/rows").body())).hasSize(10);
        assertThat(get("/rows").headers().firstValue("Link")).hasValue("</rows?offset=10>; rel=\"next\"");
        assertThat(get("/rows?offset=30").body()).isEqualTo("[]");
        assertThat(get("/rows?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/rows?limit=1001").statusCode()).isEqualTo(400);
        assertThat(get("/rows?offset=-1").statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(get("/rows?local=true").body())).as("a replica's part is whole").hasSize(25);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
