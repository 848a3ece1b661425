package org.procwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionsTest {

    @TempDir
    Path folder;

    @Test
    void shouldReadTheYamlOfTheContractAndTheSameInJson() throws IOException {
        List<Subscription> yaml = Subscriptions.read(write("subscriptions.yaml", """
                - id: campaign-desk
                  url: https://example.org/hooks/procwatch
                  secret: change-me            # HMAC key
                  filters: {entity: [hikvision, dahua], bodyType: [secondary_school], minValue: 0}
                """));
        List<Subscription> json = Subscriptions.read(write("subscriptions.json", """
                [{"id": "campaign-desk", "url": "https://example.org/hooks/procwatch", "secret": "change-me",
                  "filters": {"entity": ["hikvision", "dahua"], "bodyType": ["secondary_school"], "minValue": 0}}]
                """));

        assertThat(yaml).isEqualTo(json).singleElement().satisfies(subscription -> {
            assertThat(subscription.id()).isEqualTo("campaign-desk");
            assertThat(subscription.filters().entity()).containsExactly("hikvision", "dahua");
            assertThat(subscription.filters().bodyType()).containsExactly("secondary_school");
        });
    }

    @Test
    void shouldSayWhatIsWrongWithABadFile() throws IOException {
        assertThatThrownBy(() -> Subscriptions.read(write("a.yaml", "- {id: a, url: 'https://x.org', secret: s, colour: red}")))
                .hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> Subscriptions.read(write("b.yaml", "- {id: a, url: 'https://x.org'}")))
                .hasMessageContaining("needs a secret");
        assertThatThrownBy(() -> Subscriptions.read(write("c.yaml",
                "- {id: a, url: 'https://x.org', secret: s}\n- {id: a, url: 'https://y.org', secret: s}")))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> Subscriptions.read(write("d.yaml", "- {id: a, url: 'ftp://x.org', secret: s}")))
                .hasMessageContaining("not an http or https URL");
        assertThatThrownBy(() -> Subscriptions.read(write("e.yaml",
                "- {id: a, url: 'https://x.org', secret: s, filters: {bodyType: [school]}}")))
                .hasMessageContaining("'school' is not one of");
        assertThatThrownBy(() -> Subscriptions.read(write("f.yaml", "id: [unclosed")))
                .hasMessageContaining("not a list of subscriptions");
    }

    @Test
    void shouldMatchAlertsByEntityIdOrNameBodyTypeAndLeastValue() throws IOException {
        Subscription subscription = new Subscription("s", "https://x.org", "k",
                new Subscription.Filters(List.of("HIKVISION", "Zhejiang Dahua Technology Co., Ltd."), List.of("secondary_school"), 1000.0));

        assertThat(subscription.matches(alert("hikvision", "Hikvision", "secondary_school", 5000.0))).isTrue();
        assertThat(subscription.matches(alert("dahua", "Zhejiang Dahua Technology Co., Ltd.", "secondary_school", 5000.0))).isTrue();
        assertThat(subscription.matches(alert("huawei", "Huawei", "secondary_school", 5000.0))).isFalse();
        assertThat(subscription.matches(alert("hikvision", "Hikvision", "police_force", 5000.0))).isFalse();
        assertThat(subscription.matches(alert("hikvision", "Hikvision", "secondary_school", 999.0))).isFalse();
        assertThat(subscription.matches(alert("hikvision", "Hikvision", "secondary_school", null)))
                .as("no value, a least value asked").isFalse();
        assertThat(new Subscription("all", "https://x.org", "k", null).matches(alert("huawei", "Huawei", "other", null))).isTrue();
    }

    @Test
    void shouldSignTheTimeAndTheRawBodyWithHmacSha256() {
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.ofEpochSecond(1_764_763_200L);
        // HMAC-SHA256 with the key "Jefe" over "1764763200.what do ya want for nothing?", as any HMAC library computes it.
        assertThat(WebhookSignature.of("Jefe", at, body))
                .isEqualTo("t=1764763200,v1=3b212de4a89fb2878fd07fa694013819af50db7ea68c6c4344f9b36a9b203291");
    }

    @Test
    void shouldVerifyOnlyAFreshSignatureOfTheSameBodyWithTheSameSecret() {
        byte[] body = "{\"alertId\": \"pw-1\"}".getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.parse("2026-12-03T12:00:00Z");
        String header = WebhookSignature.of("s3cret", at, body);

        assertThat(WebhookSignature.verify("s3cret", header, body, at.plusSeconds(299))).isTrue();
        assertThat(WebhookSignature.verify("s3cret", header, body, at.plusSeconds(301))).as("a replay, later").isFalse();
        assertThat(WebhookSignature.verify("other", header, body, at)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", header, "{\"alertId\": \"pw-2\"}".getBytes(StandardCharsets.UTF_8), at)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", header.replace("t=" + at.getEpochSecond(), "t=" + (at.getEpochSecond() + 60)), body, at))
                .as("the time cannot be changed without the signature").isFalse();
        assertThat(WebhookSignature.verify("s3cret", "sha256=abc", body, at)).isFalse();
        assertThat(WebhookSignature.verify("s3cret", null, body, at)).isFalse();
    }

    @Test
    void shouldRefusePlainHttpAndPrivateAddressesUnlessTheSubscriptionAllowsThem() throws IOException {
        assertThatThrownBy(() -> Subscriptions.read(write("http.yaml", "- {id: a, url: 'http://hooks.example.org/x', secret: k}")))
                .hasMessageContaining("must be https://");
        assertThatThrownBy(() -> Subscriptions.read(write("loopback.yaml", "- {id: a, url: 'https://127.0.0.1/x', secret: k}")))
                .hasMessageContaining("127.0.0.1").hasMessageContaining("allowPrivateNetwork");
        assertThatThrownBy(() -> Subscriptions.read(write("metadata.yaml", "- {id: a, url: 'https://169.254.169.254/latest', secret: k}")))
                .hasMessageContaining("private network");
        assertThatThrownBy(() -> Subscriptions.read(write("private.yaml", "- {id: a, url: 'https://10.1.2.3/x', secret: k}")))
                .hasMessageContaining("private network");
        assertThat(Subscriptions.read(write("allowed.yaml", "- {id: a, url: 'http://127.0.0.1:9/x', secret: k, allowPrivateNetwork: true}")))
                .singleElement().satisfies(subscription -> assertThat(subscription.allowPrivateNetwork()).isTrue());
        assertThat(ReceiverAddress.inside(java.net.InetAddress.getByName("::ffff:192.168.1.1"))).as("IPv4 mapped into IPv6").isTrue();
        assertThat(ReceiverAddress.inside(java.net.InetAddress.getByName("100.64.0.1"))).as("carrier-grade NAT").isTrue();
        assertThat(ReceiverAddress.inside(java.net.InetAddress.getByName("fd00::1"))).as("IPv6 unique local").isTrue();
        assertThat(ReceiverAddress.inside(java.net.InetAddress.getByName("93.184.216.34"))).isFalse();
    }

    @Test
    void shouldExpireDeliveriesAfterTheSubscriptionsAgeOrThreeDays() throws IOException {
        List<Subscription> read = Subscriptions.read(write("expiry.yaml", """
                - {id: a, url: 'http://127.0.0.1/a', secret: k, allowPrivateNetwork: true, expireAfter: PT12H}
                - {id: b, url: 'http://127.0.0.1/b', secret: k, allowPrivateNetwork: true}
                """));
        assertThat(read).extracting(Subscription::expiry).containsExactly(Duration.ofHours(12), Duration.ofDays(3));
        assertThatThrownBy(() -> Subscriptions.read(write("bad-expiry.yaml",
                "- {id: a, url: 'http://127.0.0.1/a', secret: k, allowPrivateNetwork: true, expireAfter: 'three days'}")))
                .hasMessageContaining("expireAfter").hasMessageContaining("P3D");
    }

    @Test
    void shouldNeverPrintTheSecretOrTheWholeUrl() {
        Subscription subscription = new Subscription("desk", "https://hooks.example.org/T000/B000/XXXXSECRETTOKEN?key=abc", "s3cret-value",
                null);

        assertThat(subscription.toString()).contains("desk", "https://hooks.example.org/…").doesNotContain("s3cret-value", "XXXX", "key=abc");
        assertThat(subscription.redactedUrl()).isEqualTo("https://hooks.example.org/…");
    }

    private static JsonNode alert(String id, String name, String bodyType, Double value) {
        return new ObjectMapper().createObjectNode().put("listedEntityId", id).put("listedEntity", name).put("bodyType", bodyType)
                .put("value", value);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }
}
