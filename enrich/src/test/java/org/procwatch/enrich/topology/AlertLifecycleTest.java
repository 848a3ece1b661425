package org.procwatch.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.ListVersion;
import org.procwatch.schemas.avro.RetractReason;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.ReviewDecision;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.watchlist.WatchlistFile;

/** Alerts retracted, never deleted, when what they rested on is gone, and active again when it returns (CONTRACTS section 2). */
class AlertLifecycleTest {

    private static final String OCID = "ocds-b5fd17-acme";

    @TempDir
    Path stateDir;

    @Test
    void shouldRetractAnAlertWhenItsEntityIsRemovedAndRaiseTheSameAlertAgainWhenItIsListedAgain() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            driver.watchlist.pipeInput("acme", acme(null), EnrichDriver.START);
            driver.release(supplied("Acme Surveillance Ltd", "2026-01-10"), hours(1));
            Alert raised = driver.alerts.readValue();
            assertThat(raised.getStatus()).isEqualTo(AlertStatus.active);
            assertThat(raised.getListVersions()).extracting(ListVersion::getName, ListVersion::getVersion)
                    .contains(org.assertj.core.groups.Tuple.tuple("us-csl", "2026-01-02"));

            driver.watchlist.pipeInput("acme", null, hours(30));
            driver.waitForWatchlistCheck();

            Alert retracted = driver.alerts.readValue();
            assertThat(retracted.getAlertId()).isEqualTo(raised.getAlertId());
            assertThat(retracted.getStatus()).isEqualTo(AlertStatus.retracted);
            assertThat(retracted.getRetractReason()).isEqualTo(RetractReason.delisted);
            assertThat(retracted.getRetractedAt()).as("dated by the tombstone").isEqualTo(hours(30));
            assertThat(retracted.getRevision()).isEqualTo(2);
            assertThat(retracted.getEvidence()).as("the evidence it had rested on is kept").isEqualTo(raised.getEvidence());
            assertThat(driver.links.readValuesToList()).as("the link published once more, ended")
                    .filteredOn(link -> link.getEndedAt() != null)
                    .singleElement().satisfies(link -> {
                        assertThat(link.getEntityId()).isEqualTo("acme");
                        assertThat(link.getEndedAt()).isEqualTo(hours(30));
                    });
            assertThat(exposure(driver, EnrichTopology.EXPOSURE_BY_ENTITY_STORE, "dahua|police_force")).isZero();
            assertThat(exposure(driver, EnrichTopology.EXPOSURE_BY_BUYER_STORE, "Northshire Police")).isZero();

            driver.watchlist.pipeInput("acme", acme(null), hours(40));
            driver.waitForWatchlistCheck();

            Alert again = driver.alerts.readValue();
            assertThat(again.getAlertId()).isEqualTo(raised.getAlertId());
            assertThat(again.getStatus()).isEqualTo(AlertStatus.active);
            assertThat(again.getRetractedAt()).isNull();
            assertThat(again.getRetractReason()).isNull();
            assertThat(again.getRevision()).isEqualTo(3);
            assertThat(again.getCreatedAt()).as("first raised").isEqualTo(hours(1));
            assertThat(driver.links.readValue().getEndedAt()).isNull();
            assertThat(exposure(driver, EnrichTopology.EXPOSURE_BY_ENTITY_STORE, "dahua|police_force")).isEqualTo(1);
            assertThat(exposure(driver, EnrichTopology.EXPOSURE_BY_BUYER_STORE, "Northshire Police")).isEqualTo(1);

            driver.waitForWatchlistCheck();
            assertThat(driver.alerts.isEmpty()).as("nothing changed since").isTrue();
        }
    }

    @Test
    void shouldRetractAnAlertWhenTheRelationItRestedOnEndedBeforeTheContract() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            driver.watchlist.pipeInput("acme", acme(null), EnrichDriver.START);
            driver.release(supplied("Acme Surveillance Ltd", "2026-01-10"), hours(1));
            assertThat(driver.alerts.readValue().getStatus()).isEqualTo(AlertStatus.active);

            driver.watchlist.pipeInput("acme", acme(LocalDate.parse("2025-12-31")), hours(30));
            driver.waitForWatchlistCheck();

            Alert retracted = driver.alerts.readValue();
            assertThat(retracted.getStatus()).isEqualTo(AlertStatus.retracted);
            assertThat(retracted.getRetractReason()).isEqualTo(RetractReason.relation_ended);
            assertThat(retracted.getRetractedAt()).isEqualTo(hours(30));

            driver.release(supplied("Acme Surveillance Ltd", "2025-06-01", "a0"), hours(50));
            assertThat(driver.alerts.isEmpty()).as("an earlier release does not move the contract's date back").isTrue();
        }
    }

    @Test
    void shouldRetractAnAlertWhenTheSupplierIsNoLongerInTheContractButKeepOneThatAnotherLinkStillHolds() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            driver.watchlist.pipeInput("acme", acme(null), EnrichDriver.START);
            driver.release("""
                    {"ocid": "%s", "id": "a1", "date": "2026-01-10T00:00:00Z", "buyer": {"name": "Northshire Police"},
                     "tender": {"items": [{"id": "1", "description": "HiLook 4MP turret camera"}]},
                     "awards": [{"id": "1", "suppliers": [{"id": "S1", "name": "Acme Surveillance Ltd"},
                                                          {"id": "S2", "name": "Hikvision UK Ltd"}]}]}
                    """.formatted(OCID), hours(1));
            List<Alert> raised = driver.alerts.readValuesToList();
            assertThat(raised).extracting(Alert::getListedEntityId).containsExactlyInAnyOrder("dahua", "hikvision");
            driver.links.readValuesToList();

            // The award's suppliers corrected: neither firm's supplier any more; the HiLook camera in the tender still leads to Hikvision.
            driver.release("""
                    {"ocid": "%s", "id": "a2", "date": "2026-02-10T00:00:00Z",
                     "awards": [{"id": "1", "suppliers": [{"id": "S1", "name": "Brightwatch Ltd"}, {"id": "S2", "name": "Northgate Optics Ltd"}]}]}
                    """.formatted(OCID), hours(2));

            assertThat(driver.alerts.readValuesToList()).singleElement().satisfies(alert -> {
                assertThat(alert.getListedEntityId()).isEqualTo("dahua");
                assertThat(alert.getStatus()).isEqualTo(AlertStatus.retracted);
                assertThat(alert.getRetractReason()).isEqualTo(RetractReason.supplier_removed);
                assertThat(alert.getRetractedAt()).isEqualTo(hours(2));
            });
            assertThat(driver.links.readValuesToList()).filteredOn(link -> link.getEndedAt() != null)
                    .extracting(VendorLink::getEntityId).containsExactlyInAnyOrder("acme", "hikvision-uk", "hikvision");
            assertThat(exposure(driver, EnrichTopology.EXPOSURE_BY_ENTITY_STORE, "dahua|police_force")).isZero();
            assertThat(exposure(driver, EnrichTopology.EXPOSURE_BY_ENTITY_STORE, "hikvision|police_force")).isEqualTo(1);
            assertThat(exposure(driver, EnrichTopology.EXPOSURE_BY_BUYER_STORE, "Northshire Police"))
                    .as("the process is still alerted about one firm").isEqualTo(1);
        }
    }

    @Test
    void shouldRetractAnAlertReviewedAsAFalsePositiveUntilItsEvidenceChanges() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            driver.watchlist.pipeInput("acme", acme(null), EnrichDriver.START);
            driver.release(supplied("Acme Surveillance Ltd", "2026-01-10"), hours(1));
            Alert raised = driver.alerts.readValue();
            VendorLink link = driver.links.readValue();

            driver.review(review("r1", "acme", ReviewDecision.confirmed, link.getEvidence(), hours(5)));
            driver.waitForWatchlistCheck();
            assertThat(driver.alerts.isEmpty()).as("a confirmation changes nothing").isTrue();

            driver.review(review("r2", "dahua", ReviewDecision.false_positive, link.getEvidence(), hours(10)));
            driver.waitForWatchlistCheck();

            Alert retracted = driver.alerts.readValue();
            assertThat(retracted.getAlertId()).isEqualTo(raised.getAlertId());
            assertThat(retracted.getStatus()).isEqualTo(AlertStatus.retracted);
            assertThat(retracted.getRetractReason()).isEqualTo(RetractReason.review);
            assertThat(retracted.getRetractedAt()).as("dated by the review").isEqualTo(hours(10));
            assertThat(driver.links.readValue().getEndedAt()).isEqualTo(hours(10));
            assertThat(exposure(driver, EnrichTopology.EXPOSURE_BY_ENTITY_STORE, "dahua|police_force")).isZero();

            // The same evidence again (a repeat of the award) keeps it out.
            driver.release(supplied("Acme Surveillance Ltd", "2026-01-11", "a2"), hours(20));
            driver.waitForWatchlistCheck();
            assertThat(driver.alerts.isEmpty()).as("nothing the analyst did not see").isTrue();

            // New evidence: the firm's name in the tender's items. The link, and its alert, come back.
            driver.release("""
                    {"ocid": "%s", "id": "t2", "date": "2026-01-12T00:00:00Z",
                     "tender": {"items": [{"id": "1", "description": "Cameras from Acme Surveillance Limited"}]}}
                    """.formatted(OCID), hours(30));
            Alert again = driver.alerts.readValue();
            assertThat(again.getStatus()).isEqualTo(AlertStatus.active);
            assertThat(again.getRevision()).isEqualTo(3);
            assertThat(again.getEvidence()).hasSizeGreaterThan(raised.getEvidence().size());
        }
    }

    private static Review review(String id, String entityId, ReviewDecision decision, List<Evidence> evidence, Instant at) {
        return Review.newBuilder().setReviewId(id).setOcid(OCID).setEntityId(entityId).setDecision(decision).setNote("checked the notice")
                .setReviewer("analyst").setReviewedAt(at).setEvidence(evidence).build();
    }

    private static WatchlistEntity acme(LocalDate validTo) {
        return WatchlistEntity.newBuilder().setId("acme").setName("Acme Surveillance Limited").setRelation(EntityRelation.distributor)
                .setParentId("dahua").setLists(List.of("us-csl")).setValidTo(validTo)
                .setListVersions(List.of(new ListVersion("us-csl", "2026-01-02")))
                .setSources(List.of("https://example.org/acme")).build();
    }

    private static String supplied(String supplier, String date) {
        return supplied(supplier, date, "a1");
    }

    private static String supplied(String supplier, String date, String id) {
        return """
                {"ocid": "%s", "id": "%s", "date": "%sT00:00:00Z", "buyer": {"name": "Northshire Police"},
                 "awards": [{"id": "1", "suppliers": [{"name": "%s"}]}]}
                """.formatted(OCID, id, date, supplier);
    }

    private static long exposure(EnrichDriver driver, String store, String key) {
        Exposure row = driver.driver.<String, Exposure>getKeyValueStore(store).get(key);
        return row == null ? 0 : row.contracts();
    }

    private static Instant hours(int hours) {
        return EnrichDriver.START.plusSeconds(hours * 3600L);
    }
}
