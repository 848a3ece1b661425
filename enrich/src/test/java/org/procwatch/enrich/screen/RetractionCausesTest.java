package org.procwatch.enrich.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.LinkSubject;
import org.procwatch.schemas.avro.RetractReason;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;

class RetractionCausesTest {

    private static final LocalDate CONTRACT_DAY = LocalDate.parse("2026-01-10");

    private final WatchlistEntity dahua = entity("dahua", EntityRelation.listed, null, LocalDate.parse("2020-01-01"));
    private final WatchlistEntity lorex = entity("lorex", EntityRelation.subsidiary, "dahua", null);

    @Test
    void shouldSayDelistedWhenAnEntityOnTheWayIsGone() {
        RetractionCauses causes = new RetractionCauses(Map.of("dahua", dahua)::get, CONTRACT_DAY);

        assertThat(causes.of(link("lorex", "subsidiary", List.of("lorex", "dahua")))).isEqualTo(RetractReason.delisted);
    }

    @Test
    void shouldSayRelationEndedWhenARelationOnTheWayEndedBeforeTheContractButNotForAListingsOwnDates() {
        WatchlistEntity sold = WatchlistEntity.newBuilder(lorex).setValidTo(LocalDate.parse("2022-11-24")).build();

        assertThat(new RetractionCauses(Map.of("dahua", dahua, "lorex", sold)::get, CONTRACT_DAY)
                .of(link("lorex", "subsidiary", List.of("lorex", "dahua")))).isEqualTo(RetractReason.relation_ended);
        assertThat(new RetractionCauses(Map.of("dahua", dahua, "lorex", lorex)::get, CONTRACT_DAY)
                .of(link("lorex", "subsidiary", List.of("lorex", "dahua")))).as("the listing ended in 2020, which does not gate a match")
                .isEqualTo(RetractReason.supplier_removed);
    }

    @Test
    void shouldSayRelationEndedForAnOwnershipChainNoLongerFoundAndSupplierRemovedOtherwise() {
        RetractionCauses causes = new RetractionCauses(Map.of("dahua", dahua, "lorex", lorex)::get, CONTRACT_DAY);

        VendorLink owned = VendorLink.newBuilder(link("lorex", "owned-by", List.of()))
                .setEvidence(List.of(evidence(EvidenceKind.OWNERSHIP_CHAIN, List.of("statement-1", "lorex", "dahua")))).build();
        assertThat(causes.of(owned)).as("statement ids are not looked up in the watchlist").isEqualTo(RetractReason.relation_ended);
        assertThat(causes.of(link("dahua", "listed", List.of("dahua")))).isEqualTo(RetractReason.supplier_removed);
    }

    private static WatchlistEntity entity(String id, EntityRelation relation, String parentId, LocalDate validTo) {
        return WatchlistEntity.newBuilder().setId(id).setName(id).setRelation(relation).setParentId(parentId).setValidTo(validTo).build();
    }

    private static VendorLink link(String entityId, String relation, List<String> chain) {
        return VendorLink.newBuilder().setSubjectType(LinkSubject.CONTRACT).setSubjectId("ocds-1").setEntityId(entityId)
                .setEntityName(entityId).setListedEntityId("dahua").setListedEntityName("Dahua").setRelation(relation).setScore(0.9)
                .setEvidence(List.of(evidence(EvidenceKind.NAME, chain))).setLinkedAt(Instant.EPOCH).build();
    }

    private static Evidence evidence(EvidenceKind kind, List<String> chain) {
        return Evidence.newBuilder().setKind(kind).setScore(0.9).setExplanation("test").setChain(chain).build();
    }
}
