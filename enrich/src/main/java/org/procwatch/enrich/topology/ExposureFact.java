package org.procwatch.enrich.topology;

import org.apache.kafka.common.serialization.Serde;

/**
 * An alerted contracting process as the exposure tables count it, with its current value: one fact per
 * process (firm null, for the buyers' table) and one per process and listed firm (for the firms' table).
 * Internal to the app, so its serde is plain JSON. A fact {@code gone} takes the process (or the process and
 * firm) out of the tables: its alerts were retracted; it becomes the table's tombstone and is never stored.
 */
record ExposureFact(String ocid, String firmId, String firmName, String buyer, String bodyType, Double value, String currency,
                    boolean gone) {

    ExposureFact(String ocid, String firmId, String firmName, String buyer, String bodyType, Double value, String currency) {
        this(ocid, firmId, firmName, buyer, bodyType, value, currency, false);
    }

    /** The process ({@code firmId} null) or the process and firm no longer alerted about. */
    static ExposureFact gone(String ocid, String firmId) {
        return new ExposureFact(ocid, firmId, null, null, null, null, null, true);
    }

    /** This fact as the table holds it: itself, or the tombstone that takes the row away. */
    ExposureFact asTableValue() {
        return gone ? null : this;
    }

    static Serde<ExposureFact> serde() {
        return JsonSerde.of(ExposureFact.class);
    }
}
