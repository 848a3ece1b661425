package org.procwatch.enrich.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.kafka.common.serialization.Serde;
import org.procwatch.schemas.avro.CompiledContract;

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

    /**
     * What the exposure tables count of a contract, as 64 bits of a SHA-256: its buyer, body type and value. Kept in
     * its process's state, so that a release which changes none of them forwards no fact when its alerts stand as
     * they were (in a backfill most releases do not change the value).
     */
    static long digestOf(CompiledContract contract) {
        String counted = (contract.getBuyer() == null ? "" : "b" + contract.getBuyer().getName()) + '\u0000' + contract.getBodyType()
                + '\u0000' + contract.getValueAmount() + '\u0000' + contract.getValueCurrency();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(counted.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static Serde<ExposureFact> serde() {
        return JsonSerde.of(ExposureFact.class);
    }
}
