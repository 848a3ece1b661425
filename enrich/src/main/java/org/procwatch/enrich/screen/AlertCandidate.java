package org.procwatch.enrich.screen;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.ListVersion;
import org.procwatch.schemas.avro.VendorLink;

/**
 * What a contract's links say about one listed firm, before it is compared with the alert already raised,
 * if any: one alert per (contracting process, listed firm), its id derived from both.
 *
 * @param strongest the link with the highest score
 * @param evidence  the evidence of every link to the firm, strongest first
 */
public record AlertCandidate(String alertId, CompiledContract contract, VendorLink strongest, double score, List<String> lists,
                             List<ListVersion> listVersions, List<Evidence> evidence) {

    /** One candidate per listed firm the links lead to, in the order the firms first appear. */
    static List<AlertCandidate> fromLinks(CompiledContract contract, List<VendorLink> links) {
        Map<String, List<VendorLink>> byListed = new LinkedHashMap<>();
        for (VendorLink link : links) {
            byListed.computeIfAbsent(link.getListedEntityId(), id -> new ArrayList<>()).add(link);
        }
        List<AlertCandidate> candidates = new ArrayList<>();
        for (Map.Entry<String, List<VendorLink>> entry : byListed.entrySet()) {
            List<VendorLink> forFirm = entry.getValue();
            forFirm.sort(Comparator.comparingDouble(VendorLink::getScore).reversed());
            Set<String> lists = new LinkedHashSet<>();
            Map<String, ListVersion> versions = new LinkedHashMap<>();
            List<Evidence> evidence = new ArrayList<>();
            for (VendorLink link : forFirm) {
                lists.addAll(link.getLists());
                link.getListVersions().forEach(version -> versions.putIfAbsent(version.getName(), version));
                evidence.addAll(link.getEvidence());
            }
            evidence.sort(Comparator.comparingDouble(Evidence::getScore).reversed());
            candidates.add(new AlertCandidate(alertId(contract.getOcid(), entry.getKey()), contract, forFirm.getFirst(),
                    forFirm.getFirst().getScore(), new ArrayList<>(lists), new ArrayList<>(versions.values()), evidence));
        }
        return candidates;
    }

    /** The id of the one alert about a contracting process and a listed firm. */
    public static String alertId(String ocid, String listedEntityId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((ocid + "\n" + listedEntityId).getBytes(StandardCharsets.UTF_8));
            return "pw-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The alert to publish, given the one raised before (or null): a new alert, an update when this
     * evidence is stronger (a higher score, or more evidence at the same score), the same alert active again
     * when it had been retracted, else nothing.
     *
     * @param at when the evidence arrived: the time of the record that brought it
     */
    public Optional<Alert> decide(Alert previous, Instant at) {
        if (previous != null && previous.getStatus() == AlertStatus.active && !strongerThan(previous)) {
            return Optional.empty();
        }
        VendorLink link = strongest;
        return Optional.of(Alert.newBuilder()
                .setAlertId(alertId)
                .setOcid(contract.getOcid())
                .setBuyer(contract.getBuyer() == null ? null : contract.getBuyer().getName())
                .setBodyType(contract.getBodyType())
                .setSupplier(link.getPartyName())
                .setListedEntityId(link.getListedEntityId())
                .setListedEntity(link.getListedEntityName())
                .setRelation(link.getRelation())
                .setLists(lists)
                .setScore(score)
                .setValue(contract.getValueAmount())
                .setCurrency(contract.getValueCurrency())
                .setEvidence(evidence)
                .setSourceUrl(contract.getSourceUrl())
                .setCreatedAt(previous == null ? at : previous.getCreatedAt())
                .setUpdatedAt(at)
                .setRevision(previous == null ? 1 : previous.getRevision() + 1)
                .setStatus(AlertStatus.active)
                .setRetractedAt(null)
                .setRetractReason(null)
                .setListVersions(listVersions)
                .build());
    }

    private boolean strongerThan(Alert previous) {
        double epsilon = 1e-9;
        return score > previous.getScore() + epsilon
                || (Math.abs(score - previous.getScore()) <= epsilon && evidence.size() > previous.getEvidence().size());
    }
}
