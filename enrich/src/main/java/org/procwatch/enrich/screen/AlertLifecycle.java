package org.procwatch.enrich.screen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.RetractReason;
import org.procwatch.schemas.avro.VendorLink;

/**
 * What a contract's screening changes in the links and alerts already published about it: links new or
 * changed, links that no longer hold (published again, ended, never deleted), alerts raised or made
 * stronger, alerts retracted because nothing they rested on holds any more, and retracted alerts that hold
 * again (the same alert id, active once more).
 */
public final class AlertLifecycle {

    /** Why a link that held no longer does. */
    @FunctionalInterface
    public interface RetractionCause {
        RetractReason of(VendorLink gone);
    }

    /**
     * @param links          the links to publish: new, changed or ended
     * @param alerts         the alerts to publish: raised, stronger, retracted or active again
     * @param activeFirms    the listed firms the contract is alerted about now, with the candidate for each
     * @param retractedFirms the listed firms whose alert this screening retracted
     */
    public record Changes(List<VendorLink> links, List<Alert> alerts, List<AlertCandidate> activeFirms, Set<String> retractedFirms) {

        public boolean any() {
            return !links.isEmpty() || !alerts.isEmpty();
        }
    }

    private AlertLifecycle() {
    }

    /**
     * @param contract      the contract as screened now
     * @param found         the links its screening found and that stand (a link reviewed as a false positive left out)
     * @param reviewedOut   the entity ids whose link was found but left out by a false-positive review
     * @param previousLinks the links published before for the contract, by entity id, ended ones too
     * @param previousAlert the alert published before under an alert id, or null
     * @param cause         why a link that held no longer does, when no review says so
     * @param at            when: the time of the record that caused this screening
     */
    public static Changes apply(CompiledContract contract, List<VendorLink> found, Set<String> reviewedOut,
                                Map<String, VendorLink> previousLinks, Function<String, Alert> previousAlert,
                                RetractionCause cause, Instant at) {
        List<VendorLink> links = new ArrayList<>();
        Map<String, VendorLink> foundByEntity = new LinkedHashMap<>();
        for (VendorLink link : found) {
            foundByEntity.put(link.getEntityId(), link);
            VendorLink previous = previousLinks.get(link.getEntityId());
            if (previous == null || !sameApartFromTime(previous, link)) {
                links.add(link);
            }
        }
        Map<String, List<VendorLink>> goneByFirm = new LinkedHashMap<>();
        for (VendorLink previous : previousLinks.values()) {
            if (previous.getEndedAt() == null && !foundByEntity.containsKey(previous.getEntityId())) {
                links.add(VendorLink.newBuilder(previous).setEndedAt(at).build());
                goneByFirm.computeIfAbsent(previous.getListedEntityId(), firm -> new ArrayList<>()).add(previous);
            }
        }

        List<Alert> alerts = new ArrayList<>();
        List<AlertCandidate> candidates = AlertCandidate.fromLinks(contract, found);
        Set<String> activeFirms = new LinkedHashSet<>();
        for (AlertCandidate candidate : candidates) {
            activeFirms.add(candidate.strongest().getListedEntityId());
            candidate.decide(previousAlert.apply(candidate.alertId()), at).ifPresent(alerts::add);
        }
        Set<String> retracted = new LinkedHashSet<>();
        for (Map.Entry<String, List<VendorLink>> gone : goneByFirm.entrySet()) {
            String firm = gone.getKey();
            if (activeFirms.contains(firm)) {
                continue; // another link to the firm still holds; the alert stands on it
            }
            Alert previous = previousAlert.apply(AlertCandidate.alertId(contract.getOcid(), firm));
            if (previous != null && previous.getStatus() == AlertStatus.active) {
                alerts.add(retract(previous, reason(gone.getValue(), reviewedOut, cause), at));
                retracted.add(firm);
            }
        }
        return new Changes(links, alerts, candidates, retracted);
    }

    /** A review says most; else the first cause by weight: the entity delisted, its relation ended, the supplier gone. */
    private static RetractReason reason(List<VendorLink> gone, Set<String> reviewedOut, RetractionCause cause) {
        if (gone.stream().anyMatch(link -> reviewedOut.contains(link.getEntityId()))) {
            return RetractReason.review;
        }
        return gone.stream().map(cause::of).min(Comparator.naturalOrder()).orElse(RetractReason.supplier_removed);
    }

    static Alert retract(Alert alert, RetractReason reason, Instant at) {
        return Alert.newBuilder(alert)
                .setStatus(AlertStatus.retracted)
                .setRetractedAt(at)
                .setRetractReason(reason)
                .setUpdatedAt(at)
                .setRevision(alert.getRevision() + 1)
                .build();
    }

    private static boolean sameApartFromTime(VendorLink previous, VendorLink link) {
        return VendorLink.newBuilder(link).setLinkedAt(previous.getLinkedAt()).build().equals(previous);
    }
}
