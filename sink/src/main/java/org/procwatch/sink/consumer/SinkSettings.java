package org.procwatch.sink.consumer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.procwatch.sink.delivery.Subscription;
import org.procwatch.sink.delivery.WebhookSettings;

/**
 * How the sink runs, fixed when it starts.
 *
 * @param clientConfig  Kafka client settings its consumers and producers start from (bootstrap servers, security)
 * @param topics        the topics it reads and the dead-letter topic it writes
 * @param groupId       the consumer group; its committed offsets say how far the tables are
 * @param schema        the PostgreSQL schema of the tables
 * @param subscriptions the webhook subscriptions alerts are queued for
 * @param webhooks      how hard webhook delivery tries
 */
public record SinkSettings(Map<String, Object> clientConfig, SinkTopics topics, String groupId, String schema,
                           List<Subscription> subscriptions, WebhookSettings webhooks) {

    public static final String DEFAULT_GROUP_ID = "procwatch-sink";
    public static final String DEFAULT_SCHEMA = "public";

    public SinkSettings {
        clientConfig = Map.copyOf(clientConfig);
        subscriptions = List.copyOf(subscriptions);
    }

    /** The defaults, for a sink on these brokers without webhook subscriptions. */
    public static SinkSettings defaults(String bootstrapServers) {
        return new SinkSettings(Map.of("bootstrap.servers", bootstrapServers), SinkTopics.standard(), DEFAULT_GROUP_ID, DEFAULT_SCHEMA,
                List.of(), WebhookSettings.defaults());
    }

    /** These settings with further Kafka client settings, applied last. */
    public SinkSettings withClientOverrides(Map<String, Object> overrides) {
        Map<String, Object> merged = new HashMap<>(clientConfig);
        merged.putAll(overrides);
        return new SinkSettings(merged, topics, groupId, schema, subscriptions, webhooks);
    }

    /** These settings delivering alerts to these subscriptions. */
    public SinkSettings withSubscriptions(List<Subscription> subscriptions) {
        return new SinkSettings(clientConfig, topics, groupId, schema, subscriptions, webhooks);
    }
}
