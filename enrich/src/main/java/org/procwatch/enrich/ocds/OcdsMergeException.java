package org.procwatch.enrich.ocds;

/** A release that cannot be merged, with the ocid (and field, where known) that a person needs to find it. */
public final class OcdsMergeException extends RuntimeException {

    private final String ocid;
    private final String problem;

    public OcdsMergeException(String ocid, String problem) {
        super((ocid == null ? "A release" : "Release of " + ocid) + ": " + problem);
        this.ocid = ocid;
        this.problem = problem;
    }

    /** What is wrong, without the ocid. */
    public String problem() {
        return problem;
    }

    /** The contracting process the release belongs to, or null when it has none. */
    public String ocid() {
        return ocid;
    }
}
