package org.procwatch.enrich.topology;

import org.apache.kafka.common.serialization.Serde;

/**
 * One FOI response as the summary counts it (CONTRACTS section 5): its body type, whether the body
 * answered, and whether it counts as using a listed firm's equipment.
 */
record FoiFact(String requestId, String bodyType, boolean answered, boolean using) {

    static Serde<FoiFact> serde() {
        return JsonSerde.of(FoiFact.class);
    }
}
