package org.procwatch.enrich.topology;

import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.VendorLink;

/** What screening forwards: a vendor link or an alert (exactly one of them), to be split to their topics. */
record ScreeningOutput(VendorLink link, Alert alert) {

    static ScreeningOutput of(VendorLink link) {
        return new ScreeningOutput(link, null);
    }

    static ScreeningOutput of(Alert alert) {
        return new ScreeningOutput(null, alert);
    }
}
