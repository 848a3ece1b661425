package org.procwatch.sink.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A watchdog's webhook (CONTRACTS section 8): where matching alerts are POSTed, the key that signs them,
 * and which alerts match.
 *
 * @param id                  names the subscription in logs and in the delivery log
 * @param url                 where alerts are POSTed; {@code https://}, unless {@code allowPrivateNetwork}
 * @param secret              the HMAC-SHA256 key of the {@code X-Procwatch-Signature} header
 * @param filters             which alerts it wants; all when empty
 * @param allowPrivateNetwork whether the receiver may be inside a private network (and then over plain http)
 * @param expireAfter         how long a delivery is tried before it is given up (ISO 8601 duration); null for
 *                            {@link #DEFAULT_EXPIRY}
 */
public record Subscription(String id, String url, String secret, Filters filters, boolean allowPrivateNetwork, String expireAfter) {

    /** A delivery still undelivered after three days is given up: a subscriber down that long is told on its status. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofDays(3);

    /**
     * @param entity   listed-entity ids or names, any case; any entity when empty
     * @param bodyType buyers' body types; any when empty
     * @param minValue the least contract value; an alert without a value matches only when this is 0 or unset
     */
    public record Filters(List<String> entity, List<String> bodyType, Double minValue) {

        public Filters {
            entity = entity == null ? List.of() : List.copyOf(entity);
            bodyType = bodyType == null ? List.of() : List.copyOf(bodyType);
        }

        static Filters none() {
            return new Filters(List.of(), List.of(), null);
        }
    }

    public Subscription {
        filters = filters == null ? Filters.none() : filters;
    }

    /** A subscription with the defaults: a public https receiver, deliveries given up after {@link #DEFAULT_EXPIRY}. */
    public Subscription(String id, String url, String secret, Filters filters) {
        this(id, url, secret, filters, false, null);
    }

    /** How long a delivery is tried; {@link Subscriptions#read} has checked that {@code expireAfter} reads. */
    public Duration expiry() {
        return expireAfter == null ? DEFAULT_EXPIRY : Duration.parse(expireAfter);
    }

    /** Where deliveries go, without the path and query, which often carry a token: what logs and the delivery log show. */
    public String redactedUrl() {
        try {
            URI parsed = URI.create(url);
            return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort()) + "/…";
        } catch (IllegalArgumentException e) {
            return "(an invalid URL)";
        }
    }

    /** Never the secret nor the whole URL: a subscription printed or logged must not give them away. */
    @Override
    public String toString() {
        return "Subscription[id=" + id + ", url=" + redactedUrl() + ", secret=(hidden), filters=" + filters + ", allowPrivateNetwork="
                + allowPrivateNetwork + ", expireAfter=" + expireAfter + "]";
    }

    /** Whether an alert, as {@code /api/alerts} shows it, is one this subscription wants. */
    public boolean matches(JsonNode alert) {
        boolean entityMatches = filters.entity().isEmpty() || filters.entity().stream()
                .anyMatch(wanted -> wanted.equalsIgnoreCase(alert.path("listedEntityId").asText())
                        || wanted.equalsIgnoreCase(alert.path("listedEntity").asText()));
        boolean bodyTypeMatches = filters.bodyType().isEmpty()
                || filters.bodyType().contains(alert.path("bodyType").asText().toLowerCase(Locale.ROOT));
        double least = filters.minValue() == null ? 0 : filters.minValue();
        boolean valueMatches = least <= 0 || (alert.hasNonNull("value") && alert.get("value").asDouble() >= least);
        return entityMatches && bodyTypeMatches && valueMatches;
    }
}
