package org.procwatch.enrich.topology;

import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.VendorLink;

/** What screening forwards: a vendor link, an alert or an exposure fact (exactly one of them), to be split to where each goes. */
record ScreeningOutput(VendorLink link, Alert alert, ExposureFact exposure) {

    static ScreeningOutput of(VendorLink link) {
        return new ScreeningOutput(link, null, null);
    }

    static ScreeningOutput of(Alert alert) {
        return new ScreeningOutput(null, alert, null);
    }

    static ScreeningOutput of(ExposureFact exposure) {
        return new ScreeningOutput(null, null, exposure);
    }
}
