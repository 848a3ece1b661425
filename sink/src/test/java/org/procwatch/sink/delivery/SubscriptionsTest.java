package org.procwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void shouldSignTheRawBodyWithHmacSha256() {
        // RFC 4231, test case 2.
        assertThat(WebhookSignature.of("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    private static JsonNode alert(String id, String name, String bodyType, Double value) {
        return new ObjectMapper().createObjectNode().put("listedEntityId", id).put("listedEntity", name).put("bodyType", bodyType)
                .put("value", value);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }
}
