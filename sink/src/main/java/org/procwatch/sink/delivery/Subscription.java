package org.procwatch.sink.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * A watchdog's webhook (CONTRACTS section 8): where matching alerts are POSTed, the key that signs them,
 * and which alerts match.
 *
 * @param id      names the subscription in logs and in the delivery log
 * @param url     where alerts are POSTed
 * @param secret  the HMAC-SHA256 key of the {@code X-Procwatch-Signature} header
 * @param filters which alerts it wants; all when empty
 */
public record Subscription(String id, String url, String secret, Filters filters) {

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
