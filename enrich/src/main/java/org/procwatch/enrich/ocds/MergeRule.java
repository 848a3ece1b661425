package org.procwatch.enrich.ocds;

/** How the OCDS merge treats a field, as the release schema says. */
enum MergeRule {
    /** Left out of compiled and versioned releases ({@code omitWhenMerged}, 1.0's {@code ocdsOmit}). */
    OMIT,
    /**
     * Replaced whole by each release that has it: arrays flagged {@code wholeListMerge} (1.0's
     * {@code ocdsVersion}), arrays of literals, and arrays whose objects have no {@code id} in the schema.
     */
    WHOLE_LIST
}
