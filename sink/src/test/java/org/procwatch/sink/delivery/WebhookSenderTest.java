package org.procwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What is checked at the moment of sending, whatever the subscriptions file said when it was read. */
class WebhookSenderTest {

    @Test
    void shouldNotSendToAnAddressInsideAPrivateNetworkUnlessTheSubscriptionAllowsIt() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.failingFirst(0)) {
            WebhookSender sender = new WebhookSender(Duration.ofSeconds(5));
            // A name that resolves to loopback now, as a name pointed elsewhere after the file was read would.
            String url = receiver.url().replace("127.0.0.1", "localhost");

            WebhookSender.Outcome refused = sender.send(new Subscription("s", url, "k", null, false, null), "pw-1", "alert.raised", "{}");
            WebhookSender.Outcome sent = sender.send(new Subscription("s", url, "k", null, true, null), "pw-1", "alert.raised", "{}");

            assertThat(refused.delivered()).isFalse();
            assertThat(refused.error()).startsWith("not sent").contains("private network");
            assertThat(sent.delivered()).isTrue();
            assertThat(receiver.received()).as("only the allowed one reached the receiver").singleElement()
                    .satisfies(request -> assertThat(request.deliveryId()).isEqualTo("pw-1:alert.raised"));
        }
    }
}
