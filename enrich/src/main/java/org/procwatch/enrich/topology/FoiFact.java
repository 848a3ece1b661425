package org.procwatch.enrich.topology;

import org.apache.kafka.common.serialization.Serde;

/**
 * One FOI response as the summary counts it (CONTRACTS section 5): its body type, whether the body
 * answered, and whether it counts as using a listed firm's equipment; with the body's name, and its
 * comparable form, by which contracts' buyers find their bodies' answers; and what {@code /api/foi/requests}
 * shows of it: the body's answers for Hikvision and Dahua, the sentence they rest on, and where the answer
 * was read ({@code file} or {@code whatdotheyknow}). Facts stored before the last four were added read them as null.
 */
public record FoiFact(String requestId, String bodyName, String bodyKey, String bodyType, String outcome, boolean answered, boolean using,
                      String sourceUrl, String hikvision, String dahua, String evidence, String source) {

    static Serde<FoiFact> serde() {
        return JsonSerde.of(FoiFact.class);
    }
}
