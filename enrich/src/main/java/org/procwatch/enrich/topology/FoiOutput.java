package org.procwatch.enrich.topology;

import org.procwatch.schemas.avro.VendorLink;

/** What the FOI processor forwards: a vendor link of a body, or the fact the summary counts (exactly one). */
record FoiOutput(VendorLink link, FoiFact fact) {

    static FoiOutput of(VendorLink link) {
        return new FoiOutput(link, null);
    }

    static FoiOutput of(FoiFact fact) {
        return new FoiOutput(null, fact);
    }
}
