package org.procwatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40));
    private static final Schema V1 = SchemaBuilder.record("Body").namespace("test").fields()
            .requiredString("name").endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Body").namespace("test").fields()
            .requiredString("name").name("region").type().stringType().stringDefault("unknown").endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Body").namespace("test").fields()
            .requiredString("name").requiredString("region").endRecord();

    private FakeRegistryServer server;
    private RestSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = new FakeRegistryServer();
        client = new RestSchemaRegistryClient(server.url(), QUICK, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldRegisterOnceAndAnswerLaterRegistrationsFromItsCache() {
        int first = client.register("bodies-value", V1);
        int second = client.register("bodies-value", V1);

        assertThat(second).isEqualTo(first);
        assertThat(server.requests()).containsExactly("POST /subjects/bodies-value/versions");
    }

    @Test
    void shouldKnowTheSchemaOfAnIdItRegisteredWithoutAsking() {
        int id = client.register("bodies-value", V1);

        assertThat(client.schemaById(id)).isEqualTo(V1);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldFetchAnUnknownIdOnceAndThenServeItFromItsCache() {
        int id = server.registry().register("bodies-value", V1);

        assertThat(client.schemaById(id)).isEqualTo(V1);
        assertThat(client.schemaById(id)).isEqualTo(V1);
        assertThat(server.requests()).containsExactly("GET /schemas/ids/" + id);
    }

    @Test
    void shouldLookUpAnIdWithoutRegistering() {
        int id = server.registry().register("bodies-value", V1);

        assertThat(client.idOf("bodies-value", V1)).isEqualTo(id);
        assertThat(server.requests()).containsExactly("POST /subjects/bodies-value");
        assertThat(server.registry().subjects()).containsExactly("bodies-value");
    }

    @Test
    void shouldRetryWhileTheRegistryIsOverloadedAndThenSucceed() {
        server.failNext(2, 503);

        int id = client.register("bodies-value", V1);

        assertThat(id).isPositive();
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void shouldGiveUpAfterTheRetryPolicyWithAClearMessage() {
        server.failNext(10, 503);

        assertThatThrownBy(() -> client.register("bodies-value", V1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining(server.url())
                .hasMessageContaining("after 4 attempts")
                .hasMessageContaining("HTTP 503");
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void shouldSayTheRegistryIsUnreachableWhenNothingListens() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var unreachable = new RestSchemaRegistryClient("http://127.0.0.1:" + closedPort, QUICK, Duration.ofSeconds(1));

        assertThatThrownBy(() -> unreachable.register("bodies-value", V1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("ConnectException")
                .hasMessageContaining("Check that the registry is running");
    }

    @Test
    void shouldNotRetryARefusal() {
        assertThatThrownBy(() -> client.schemaById(4242))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("HTTP 404");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldNameTheSubjectAndTheIncompatibilityWhenTheRegistryAnswers409() {
        client.register("bodies-value", V1);

        assertThatThrownBy(() -> client.register("bodies-value", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo("bodies-value");
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.incompatibilities()).singleElement().asString()
                            .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("region");
                })
                .hasMessageContaining("'bodies-value'")
                .hasMessageContaining("registry said: Schema being registered is incompatible");
    }

    @Test
    void shouldAcceptACompatibleEvolution() {
        int v1 = client.register("bodies-value", V1);
        int v2 = client.register("bodies-value", V2_WITH_DEFAULT);

        assertThat(v2).isNotEqualTo(v1);
    }

    @Test
    void shouldReportCompatibilityWithReasons() {
        client.register("bodies-value", V1);

        assertThat(client.testCompatibility("bodies-value", V2_WITH_DEFAULT).compatible()).isTrue();
        CompatibilityResult refused = client.testCompatibility("bodies-value", V2_WITHOUT_DEFAULT);
        assertThat(refused.compatible()).isFalse();
        assertThat(refused.messages()).anySatisfy(message -> assertThat(message).contains("region"));
    }

    @Test
    void shouldTreatAnUnknownSubjectAsCompatible() {
        assertThat(client.testCompatibility("new-subject-value", V1).compatible()).isTrue();
    }

    @Test
    void shouldListSubjects() {
        client.register("a-value", V1);
        client.register("b-value", V1);

        assertThat(client.subjects()).containsExactlyInAnyOrder("a-value", "b-value");
    }
}
