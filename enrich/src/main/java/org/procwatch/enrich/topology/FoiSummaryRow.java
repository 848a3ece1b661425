package org.procwatch.enrich.topology;

import org.apache.kafka.common.serialization.Serde;

/**
 * A row of the FOI summary: of the requests to bodies of one type, how many were answered, and how many
 * of those bodies use a listed firm's equipment.
 */
public record FoiSummaryRow(String bodyType, long requests, long answered, long using) {

    static FoiSummaryRow empty() {
        return new FoiSummaryRow(null, 0, 0, 0);
    }

    /** This row with a response counted ({@code sign} 1) or taken back ({@code sign} -1). */
    FoiSummaryRow plus(String bodyType, FoiFact fact, int sign) {
        return new FoiSummaryRow(bodyType, requests + sign, answered + (fact.answered() ? sign : 0), using + (fact.using() ? sign : 0));
    }

    /** The sum of two rows, under another body type (for the row of all bodies). */
    public FoiSummaryRow add(String asBodyType, FoiSummaryRow other) {
        return new FoiSummaryRow(asBodyType, requests + other.requests, answered + other.answered, using + other.using);
    }

    /** using / answered; null while nothing was answered. */
    public Double share() {
        return answered == 0 ? null : (double) using / answered;
    }

    static Serde<FoiSummaryRow> serde() {
        return JsonSerde.of(FoiSummaryRow.class);
    }
}
