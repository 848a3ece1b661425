package org.procwatch.enrich.topology;

import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.VendorLink;

/**
 * What compiling and screening a release forwards: a compiled contract, a vendor link, an alert or an exposure fact
 * (exactly one of them), to be split to where each goes.
 */
record EnrichOutput(CompiledContract contract, VendorLink link, Alert alert, ExposureFact exposure) {

    static EnrichOutput of(CompiledContract contract) {
        return new EnrichOutput(contract, null, null, null);
    }

    static EnrichOutput of(VendorLink link) {
        return new EnrichOutput(null, link, null, null);
    }

    static EnrichOutput of(Alert alert) {
        return new EnrichOutput(null, null, alert, null);
    }

    static EnrichOutput of(ExposureFact exposure) {
        return new EnrichOutput(null, null, null, exposure);
    }
}
