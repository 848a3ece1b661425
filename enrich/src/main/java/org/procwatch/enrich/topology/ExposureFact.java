package org.procwatch.enrich.topology;

import org.apache.kafka.common.serialization.Serde;

/**
 * An alerted contracting process as the exposure tables count it, with its current value: one fact per
 * process (firm null, for the buyers' table) and one per process and listed firm (for the firms' table).
 * Internal to the app, so its serde is plain JSON.
 */
record ExposureFact(String ocid, String firmId, String firmName, String buyer, String bodyType, Double value, String currency) {

    static Serde<ExposureFact> serde() {
        return JsonSerde.of(ExposureFact.class);
    }
}
