package org.procwatch.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.procwatch.enrich.ownership.Statements.company;
import static org.procwatch.enrich.ownership.Statements.owns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.FoiAnswer;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.watchlist.WatchlistFile;

class EnrichTopologyTest {

    private static final String OCID = "ocds-b5fd17-cctv-1";
    private static final String TENDER = """
            {"ocid": "%s", "id": "t1", "date": "2026-01-01T00:00:00Z", "tag": ["tender"],
             "buyer": {"id": "GB-URN-100001", "name": "Riverside Academy"},
             "parties": [{"id": "GB-URN-100001", "name": "Riverside Academy", "roles": ["buyer"]}],
             "tender": {"id": "t", "title": "CCTV upgrade", "value": {"amount": 15000, "currency": "GBP"},
                        "items": [{"id": "1", "description": "HiLook 4MP turret camera, 20 units"}]}}
            """.formatted(OCID);
    private static final String AWARD = """
            {"ocid": "%s", "id": "a1", "date": "2026-02-01T00:00:00Z", "tag": ["award"],
             "parties": [{"id": "GB-COH-01234567", "name": "Hikvision UK Ltd", "roles": ["supplier"],
                          "identifier": {"scheme": "GB-COH", "id": "01234567"}}],
             "awards": [{"id": "1", "title": "CCTV upgrade award", "value": {"amount": 12000, "currency": "GBP"},
                         "suppliers": [{"id": "GB-COH-01234567", "name": "Hikvision UK Ltd"}]}]}
            """.formatted(OCID);
    private static final String AMENDMENT = """
            {"ocid": "%s", "id": "a2", "date": "2026-03-01T00:00:00Z", "tag": ["awardUpdate"],
             "awards": [{"id": "1", "status": "active"}]}
            """.formatted(OCID);

    @TempDir
    Path stateDir;

    @Test
    void shouldCompileReleasesArrivingOutOfOrderAsIfInOrderAndIgnoreARepeat() {
        String inOrder = compiledRelease(stateDir.resolve("a"), TENDER, AWARD);
        try (EnrichDriver driver = new EnrichDriver(stateDir.resolve("b"))) {
            driver.release(AWARD, hours(1));
            driver.release(TENDER, hours(2));
            driver.release(TENDER, hours(3));

            List<CompiledContract> contracts = driver.contracts.readValuesToList();
            assertThat(contracts).as("one version per release that changed something").hasSize(2);
            CompiledContract contract = contracts.getLast();
            assertThat(contract.getCompiledReleaseJson()).isEqualTo(inOrder);
            assertThat(contract.getReleaseCount()).isEqualTo(2);
            assertThat(contract.getTitle()).isEqualTo("CCTV upgrade");
            assertThat(contract.getBuyer().getName()).isEqualTo("Riverside Academy");
            assertThat(contract.getBodyType()).isEqualTo(BodyType.secondary_school);
            assertThat(contract.getValueAmount()).isEqualTo(12000.0);
            assertThat(contract.getValueCurrency()).isEqualTo("GBP");
            assertThat(contract.getLastReleaseDate()).isEqualTo("2026-02-01T00:00:00Z");
            assertThat(contract.getSuppliers()).singleElement().satisfies(supplier -> {
                assertThat(supplier.getName()).isEqualTo("Hikvision UK Ltd");
                assertThat(supplier.getIdentifiers()).extracting(id -> id.getScheme() + "-" + id.getId()).containsExactly("GB-COH-01234567");
            });
        }
    }

    @Test
    void shouldMergeAReleaseRepublishedUnderTheSameIdAndDateWithOtherContent() {
        // A publisher that repeats release ids and dates (Kingfisher Collect #1049): the second award names another supplier.
        String reissued = AWARD.replace("CCTV upgrade award", "CCTV upgrade award, corrected");
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.release(TENDER, hours(1));
            driver.release(AWARD, hours(2));
            driver.release(reissued, hours(3));
            driver.release(AWARD, hours(4));

            List<CompiledContract> contracts = driver.contracts.readValuesToList();
            assertThat(contracts).as("the repeat with other content compiled; the same content again not").hasSize(3);
            assertThat(contracts.getLast().getReleaseCount()).isEqualTo(3);
            assertThat(contracts.getLast().getCompiledReleaseJson()).contains("CCTV upgrade award, corrected");
        }
    }

    @Test
    void shouldRaiseOneAlertPerProcessAndFirmAndUpdateItOnlyForStrongerEvidence() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            driver.release(TENDER, hours(1));
            driver.release(AWARD, hours(2));
            driver.release(AMENDMENT, hours(3));

            List<Alert> alerts = driver.alerts.readValuesToList();
            assertThat(alerts).extracting(Alert::getAlertId).containsOnly(alerts.getFirst().getAlertId());
            assertThat(alerts).extracting(Alert::getRevision).containsExactly(1, 2);
            Alert first = alerts.getFirst();
            Alert updated = alerts.getLast();
            assertThat(first.getListedEntityId()).isEqualTo("hikvision");
            assertThat(first.getEvidence()).extracting(e -> e.getKind()).containsExactly(EvidenceKind.BRAND);
            assertThat(first.getCreatedAt()).isEqualTo(hours(1));
            assertThat(updated.getScore()).isGreaterThan(first.getScore());
            assertThat(updated.getSupplier()).isEqualTo("Hikvision UK Ltd");
            assertThat(updated.getRelation()).isEqualTo("subsidiary");
            assertThat(updated.getCreatedAt()).as("an update keeps when the alert was first raised").isEqualTo(hours(1));
            assertThat(updated.getUpdatedAt()).isEqualTo(hours(2));
            assertThat(updated.getBodyType()).isEqualTo(BodyType.secondary_school);
            assertThat(updated.getValue()).isEqualTo(12000.0);
            assertThat(updated.getLists()).contains("us-fcc-covered-list");

            List<VendorLink> links = driver.links.readValuesToList();
            assertThat(links).as("the brand in an item, and the supplier's name, which names both the subsidiary and its parent")
                    .extracting(VendorLink::getEntityId).containsExactlyInAnyOrder("hilook", "hikvision-uk", "hikvision");
        }
    }

    @Test
    void shouldScreenStoredContractsAgainWhenTheWatchlistChanges() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            driver.release(supplied("ocds-b5fd17-acme", "Acme Surveillance Ltd"), hours(1));
            driver.waitForWatchlistCheck();
            assertThat(driver.alerts.isEmpty()).isTrue();

            driver.watchlist.pipeInput("acme", distributor("acme", "Acme Surveillance Limited", "dahua"), hours(30));
            driver.waitForWatchlistCheck();

            List<TestRecord<String, Alert>> alerts = driver.alerts.readRecordsToList();
            assertThat(alerts).singleElement().satisfies(record -> {
                Alert alert = record.value();
                assertThat(alert.getOcid()).isEqualTo("ocds-b5fd17-acme");
                assertThat(alert.getListedEntityId()).isEqualTo("dahua");
                assertThat(alert.getRelation()).isEqualTo("distributor");
                assertThat(alert.getBodyType()).isEqualTo(BodyType.police_force);
                assertThat(alert.getCreatedAt()).as("when the watchlist change met the contract").isEqualTo(hours(30));
            });

            driver.waitForWatchlistCheck();
            assertThat(driver.alerts.isEmpty()).as("nothing changed since").isTrue();
        }
    }

    @Test
    void shouldScreenStoredContractsAgainInStepsAndOnceMoreWhenTheWatchlistChangesMeanwhile() {
        try (EnrichDriver driver = new EnrichDriver(stateDir, Duration.ZERO)) {
            driver.watchlist(WatchlistFile.bundled());
            driver.release(supplied("ocds-b5fd17-a", "Acme Surveillance Ltd", "Zenith Vision Ltd"), hours(1));
            driver.release(supplied("ocds-b5fd17-b", "Acme Surveillance Ltd"), hours(1));
            driver.release(supplied("ocds-b5fd17-c", "Acme Surveillance Ltd"), hours(1));
            driver.waitForWatchlistCheck();
            assertThat(driver.alerts.isEmpty()).isTrue();

            driver.watchlist.pipeInput("acme", distributor("acme", "Acme Surveillance Limited", "dahua"), hours(30));
            driver.waitForWatchlistCheck();
            List<Alert> firstStep = driver.alerts.readValuesToList();
            assertThat(firstStep).as("a step screens one contract, the first in key order")
                    .extracting(Alert::getOcid).containsExactly("ocds-b5fd17-a");

            driver.watchlist.pipeInput("zenith", distributor("zenith", "Zenith Vision Limited", "hikvision"), hours(40));
            driver.waitForWatchlistCheck();
            for (int step = 0; step < 8; step++) {
                driver.waitForRescreenStep();
            }

            List<Alert> rest = driver.alerts.readValuesToList();
            assertThat(rest).as("the contract screened before the second change is screened again for it; the others meet both")
                    .extracting(Alert::getOcid, Alert::getListedEntityId)
                    .containsExactlyInAnyOrder(tuple("ocds-b5fd17-a", "hikvision"), tuple("ocds-b5fd17-b", "dahua"),
                            tuple("ocds-b5fd17-c", "dahua"));
            assertThat(rest).as("alerts raised after the second change take its time")
                    .filteredOn(alert -> !alert.getOcid().equals("ocds-b5fd17-b"))
                    .extracting(Alert::getCreatedAt).containsOnly(hours(40));
            assertThat(driver.driver.<String, RescreenCursor>getKeyValueStore(Screener.RESCREEN_STORE).get("stored-contracts"))
                    .as("the cursor is removed once the last pass ends").isNull();
            var byEntity = driver.driver.<String, Exposure>getKeyValueStore(EnrichTopology.EXPOSURE_BY_ENTITY_STORE);
            assertThat(byEntity.get("dahua|police_force").contracts()).as("each process counted once, whatever the passes").isEqualTo(3);
            assertThat(byEntity.get("hikvision|police_force").contracts()).isEqualTo(1);
            assertThat(driver.driver.<String, Exposure>getKeyValueStore(EnrichTopology.EXPOSURE_BY_BUYER_STORE).get("Northshire Police")
                    .contracts()).isEqualTo(3);

            driver.waitForWatchlistCheck();
            driver.waitForRescreenStep();
            assertThat(driver.alerts.isEmpty()).as("nothing changed since").isTrue();
        }
    }

    @Test
    void shouldEndAPassOfScreeningStoredContractsAgainWhileChangesKeepComing() {
        try (EnrichDriver driver = new EnrichDriver(stateDir, Duration.ZERO)) {
            driver.watchlist(WatchlistFile.bundled());
            for (String ocid : List.of("ocds-b5fd17-a", "ocds-b5fd17-b", "ocds-b5fd17-c", "ocds-b5fd17-d")) {
                driver.release(supplied(ocid, "Acme Surveillance Ltd"), hours(1));
            }
            driver.waitForWatchlistCheck();

            driver.watchlist.pipeInput("acme", distributor("acme", "Acme Surveillance Limited", "dahua"), hours(30));
            for (int check = 1; check <= 4; check++) {
                driver.waitForWatchlistCheck();
                // Another change at every check, as a feed of ownership statements would bring them.
                driver.watchlist.pipeInput("other-" + check, distributor("other-" + check, "Unrelated Optics " + check + " Ltd", "dahua"),
                        hours(30 + check));
            }

            assertThat(driver.alerts.readValuesToList()).as("the pass reached the last contract though every check saw a change")
                    .extracting(Alert::getOcid).contains("ocds-b5fd17-d");
        }
    }

    private static String supplied(String ocid, String... suppliers) {
        String named = Arrays.stream(suppliers).map(name -> "{\"name\": \"" + name + "\"}").collect(Collectors.joining(", "));
        return """
                {"ocid": "%s", "id": "a1", "date": "2026-01-10T00:00:00Z", "buyer": {"name": "Northshire Police"},
                 "awards": [{"id": "1", "suppliers": [%s]}]}
                """.formatted(ocid, named);
    }

    private static WatchlistEntity distributor(String id, String name, String parentId) {
        return WatchlistEntity.newBuilder().setId(id).setName(name).setRelation(EntityRelation.distributor).setParentId(parentId)
                .setSources(List.of("https://example.org/" + id)).build();
    }

    @Test
    void shouldLinkASupplierOwnedUpAChainByAListedFirmsSubsidiaryAndFollowNewOwnershipStatements() {
        String release = """
                {"ocid": "ocds-b5fd17-owned", "id": "a1", "date": "2026-01-10T00:00:00Z", "buyer": {"name": "Anytown Borough Council"},
                 "parties": [{"id": "GB-COH-1234568", "name": "ACME Security Systems Limited", "roles": ["supplier"],
                              "identifier": {"scheme": "GB-COH", "id": "1234568"}}],
                 "awards": [{"id": "1", "suppliers": [{"id": "GB-COH-1234568", "name": "ACME Security Systems Limited"}]}]}
                """;
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            for (OwnershipStatement statement : List.of(company("e-acme", "Acme Security Systems Ltd", "01234568"),
                    company("e-hold", "Northgate Holdings Ltd", "07654321"), company("e-hik", "Hikvision UK Limited", "08584373"),
                    owns("r1", "e-hold", "e-acme", 100))) {
                driver.ownership.pipeInput(statement.getStatementId(), statement, hours(0));
            }
            driver.release(release, hours(1));
            driver.waitForWatchlistCheck();
            assertThat(driver.alerts.isEmpty()).as("its owner is not on the watchlist").isTrue();

            driver.ownership.pipeInput("r2", owns("r2", "e-hik", "e-hold", 75), hours(20));
            driver.waitForWatchlistCheck();

            Alert alert = driver.alerts.readValuesToList().getLast();
            assertThat(alert.getListedEntityId()).isEqualTo("hikvision");
            assertThat(alert.getRelation()).isEqualTo("owned-by");
            assertThat(alert.getSupplier()).isEqualTo("ACME Security Systems Limited");
            assertThat(alert.getCreatedAt()).as("when the ownership statement arrived").isEqualTo(hours(20));
            assertThat(alert.getEvidence()).first().satisfies(evidence -> {
                assertThat(evidence.getKind()).isEqualTo(EvidenceKind.OWNERSHIP_CHAIN);
                assertThat(evidence.getChain()).startsWith("e-acme", "e-hold", "e-hik", "hikvision-uk").endsWith("hikvision");
                assertThat(evidence.getExplanation()).contains("Northgate Holdings Ltd").contains("shareholding 75%");
            });
            assertThat(alert.getScore()).as("two steps of ownership below the owner's own match").isLessThan(0.95);
        }
    }

    @Test
    void shouldKeepExposureTablesThatFollowAlertUpdatesAndCountAProcessOncePerBuyer() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            driver.release(TENDER, hours(1));
            driver.release(AWARD, hours(2));
            driver.release("""
                    {"ocid": "ocds-b5fd17-two-firms", "id": "1", "date": "2026-01-05T00:00:00Z", "buyer": {"name": "Riverside Academy"},
                     "tender": {"value": {"amount": 500, "currency": "GBP"},
                                "items": [{"id": "1", "description": "HiLook camera and Imou doorbell"}]}}
                    """, hours(3));
            driver.release("""
                    {"ocid": "ocds-b5fd17-two-firms", "id": "2", "date": "2026-01-06T00:00:00Z",
                     "awards": [{"id": "1", "value": {"amount": 700, "currency": "GBP"}, "suppliers": [{"name": "Brightwatch Ltd"}]}]}
                    """, hours(4));

            var byEntity = driver.driver.<String, Exposure>getKeyValueStore(EnrichTopology.EXPOSURE_BY_ENTITY_STORE);
            Exposure hikvision = byEntity.get("hikvision|secondary_school");
            assertThat(hikvision.contracts()).isEqualTo(2);
            assertThat(hikvision.valueByCurrency()).as("awards' values replaced tenders'")
                    .containsExactlyEntriesOf(java.util.Map.of("GBP", 12700.0));
            assertThat(byEntity.get("dahua|secondary_school").contracts()).isEqualTo(1);
            assertThat(byEntity.get("dahua|secondary_school").valueByCurrency()).as("the current value, though the alert kept its first")
                    .containsExactlyEntriesOf(java.util.Map.of("GBP", 700.0));
            var byBuyer = driver.driver.<String, Exposure>getKeyValueStore(EnrichTopology.EXPOSURE_BY_BUYER_STORE);
            assertThat(byBuyer.get("Riverside Academy").contracts()).as("the two-firm process once").isEqualTo(2);
            assertThat(byBuyer.get("Riverside Academy").bodyType()).isEqualTo("secondary_school");
            assertThat(byBuyer.get("Riverside Academy").valueByCurrency()).containsExactlyEntriesOf(java.util.Map.of("GBP", 12700.0));
        }
    }

    /**
     * Exposure facts go through two repartitions to the tables that count them: a release that changes nothing they
     * count, and no alert, sends none (the table's row keeps the time of the fact that made it).
     */
    @Test
    void shouldForwardExposureFactsOnlyWhenWhatTheyCountChanges() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            var alertedProcesses = driver.driver.<String, ExposureFact>getTimestampedKeyValueStore(EnrichTopology.ALERTED_PROCESSES_STORE);
            driver.release(TENDER, hours(1));
            assertThat(alertedProcesses.get(OCID).timestamp()).as("the first alert counts the process").isEqualTo(hours(1).toEpochMilli());

            driver.release(TENDER.replace("\"t1\"", "\"t2\"").replace("2026-01-01", "2026-01-02")
                    .replace("CCTV upgrade", "CCTV upgrade, corrected title"), hours(2));
            assertThat(driver.contracts.readValuesToList().getLast().getTitle()).isEqualTo("CCTV upgrade, corrected title");
            assertThat(alertedProcesses.get(OCID).timestamp()).as("only the title changed: no fact").isEqualTo(hours(1).toEpochMilli());

            driver.release(TENDER.replace("\"t1\"", "\"t3\"").replace("2026-01-01", "2026-01-03").replace("15000", "16000"), hours(3));
            assertThat(alertedProcesses.get(OCID).timestamp()).as("the value changed").isEqualTo(hours(3).toEpochMilli());
            assertThat(alertedProcesses.get(OCID).value().value()).isEqualTo(16000.0);
            assertThat(driver.driver.<String, Exposure>getKeyValueStore(EnrichTopology.EXPOSURE_BY_BUYER_STORE).get("Riverside Academy")
                    .valueByCurrency()).containsExactlyEntriesOf(java.util.Map.of("GBP", 16000.0));
        }
    }

    @Test
    void shouldSummariseFoiResponsesPerBodyTypeAndLinkTheBodiesThatNameListedEquipment() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            var foi = driver.driver.createInputTopic(driver.topics.foiResponses().name(),
                    driver.topics.foiResponses().keySerde(driver.registry).serializer(), driver.topics.foiResponses().valueSerde(driver.registry).serializer());
            for (FoiResponse response : List.of(
                    foi("r1", "Riverside Academy", BodyType.secondary_school, FoiOutcome.answered, FoiAnswer.yes, List.of()),
                    foi("r2", "Kingsbridge Grammar School", BodyType.secondary_school, FoiOutcome.answered, FoiAnswer.no, List.of("HiLook")),
                    foi("r3", "Fenland Academy", BodyType.secondary_school, FoiOutcome.answered, FoiAnswer.no, List.of("Axis", "Bosch")),
                    foi("r4", "Northshire Police", BodyType.police_force, FoiOutcome.refused, FoiAnswer.unknown, List.of()))) {
                foi.pipeInput(response.getRequestId(), response, hours(1));
            }

            var summary = driver.driver.<String, FoiSummaryRow>getKeyValueStore(EnrichTopology.FOI_SUMMARY_STORE);
            assertThat(summary.get("secondary_school")).isEqualTo(new FoiSummaryRow("secondary_school", 3, 3, 2));
            assertThat(summary.get("secondary_school").share()).isEqualTo(2.0 / 3);
            assertThat(summary.get("police_force")).isEqualTo(new FoiSummaryRow("police_force", 1, 0, 0));
            assertThat(summary.get("police_force").share()).as("nothing answered").isNull();
            var facts = driver.driver.<String, FoiFact>getKeyValueStore(EnrichTopology.FOI_FACTS_STORE);
            assertThat(facts.get("r1").bodyKey()).as("how a contract's buyer, \"RIVERSIDE ACADEMY LTD\", finds its answer")
                    .isEqualTo(org.procwatch.schemas.name.NameNormalizer.key("RIVERSIDE ACADEMY LTD"));
            assertThat(driver.links.readValuesToList()).extracting(link -> link.getSubjectId() + " " + link.getEntityId() + " "
                    + link.getEvidence().getFirst().getKind()).containsExactlyInAnyOrder("r1 hikvision FOI_ANSWER", "r2 hilook BRAND");
        }
    }

    private static FoiResponse foi(String id, String body, BodyType type, FoiOutcome outcome, FoiAnswer hikvision, List<String> others) {
        return FoiResponse.newBuilder().setRequestId(id).setBodyName(body).setBodyType(type).setOutcome(outcome).setHikvision(hikvision)
                .setDahua(FoiAnswer.no).setOtherVendors(others).setCapabilities(List.of())
                .setSource(org.procwatch.schemas.avro.SourceMetadata.newBuilder().setSource("file").setUri("test").setFetchedAt(EnrichDriver.START)
                        .build()).build();
    }

    /*
     * Records that cannot be deserialized (on the release topic or the global watchlist) are covered on the
     * real stack, in EnrichAppIT: the TopologyTestDriver calls the deserialization handler but does not
     * capture the dead-letter records it returns. DeadLetterHandlersTest checks those records themselves.
     */
    @Test
    void shouldSendAReleaseThatCannotBeMergedToTheDeadLetterTopicAndGoOn() {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.release("""
                    {"ocid": "ocds-b5fd17-nodate", "id": "1", "tender": {"title": "No date"}}""", hours(1));
            driver.unparsedRelease("ocds-b5fd17-notjson", """
                    {"ocid": "ocds-b5fd17-notjson", "id": "1", "date": "2026-01-01", "tender": {"title": """, hours(2));
            driver.release(TENDER, hours(3));

            List<TestRecord<byte[], DeadLetter>> letters = driver.deadLetters.readRecordsToList();
            assertThat(letters).hasSize(2);
            DeadLetter unmergeable = letters.getFirst().value();
            assertThat(unmergeable.getReason()).contains("no date");
            assertThat(unmergeable.getProcessor()).isEqualTo("compile-and-screen");
            assertThat(unmergeable.getTopic()).isEqualTo("procurement.releases.v1");
            assertThat(unmergeable.getOffset()).isZero();
            assertThat(unmergeable.getApp()).isEqualTo("enrich");
            assertThat(unmergeable.getErrorClass()).endsWith("OcdsMergeException");
            assertThat(new String(letters.getFirst().key(), StandardCharsets.UTF_8)).isEqualTo("ocds-b5fd17-nodate");
            assertThat(unmergeable.getValue()).as("the raw bytes as received").isNotNull();
            DeadLetter notJson = letters.getLast().value();
            assertThat(notJson.getReason()).contains("not valid");
            assertThat(notJson.getOffset()).isEqualTo(1);

            assertThat(driver.contracts.readValuesToList()).extracting(CompiledContract::getOcid).containsExactly(OCID);
        }
    }

    @Test
    void shouldKeepAProcessAsItWasWhenOneOfItsReleasesCannotBeMerged() {
        String withoutIt = compiledRelease(stateDir.resolve("without"), TENDER, AWARD);
        try (EnrichDriver driver = new EnrichDriver(stateDir.resolve("with"))) {
            driver.release(TENDER, hours(1));
            // The title turns from a string into an object: refused, after the tender was merged just before it.
            driver.release("""
                    {"ocid": "%s", "id": "t2", "date": "2026-01-15T00:00:00Z", "tag": ["tenderUpdate"],
                     "tender": {"title": {"en": "CCTV"}, "items": [{"id": "2", "description": "Dahua recorder"}]}}
                    """.formatted(OCID), hours(2));
            driver.release(AWARD, hours(3));

            assertThat(driver.deadLetters.readValuesToList()).singleElement()
                    .satisfies(letter -> assertThat(letter.getReason()).contains("is left out", "for tender.title", "'en' field"));
            List<CompiledContract> contracts = driver.contracts.readValuesToList();
            assertThat(contracts).hasSize(2);
            assertThat(contracts.getLast().getReleaseCount()).isEqualTo(2);
            assertThat(contracts.getLast().getCompiledReleaseJson()).as("nothing of the refused release").isEqualTo(withoutIt);
        }
    }

    /**
     * A data folder from before the byte engine holds each process in format 1 (Smile, around the old engine's state):
     * enrich must merge on from it, and store the process in the current format (3) once it changes.
     */
    @Test
    void shouldMergeOnFromAProcessStoredInTheEarlierFormat() throws Exception {
        byte[] format1Process;
        try (InputStream in = getClass().getResourceAsStream("/compile-state/format-1.smile")) {
            format1Process = in.readAllBytes();
        }
        // How CompileState wrote format 1: a Smile object of the version, extensions, source and the process's bytes.
        ObjectMapper smile = new ObjectMapper(new SmileFactory());
        ObjectNode stored = smile.createObjectNode().put("version", "1.1").put("sourceUrl", "https://example.org/n2");
        stored.putArray("extensions");
        stored.put("process", format1Process);
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            KeyValueStore<String, byte[]> store = driver.driver.getKeyValueStore(StoredProcesses.STORE);
            store.put("ocds-b5fd17-9", smile.writeValueAsBytes(stored));

            driver.release("""
                    {"ocid": "ocds-b5fd17-9", "id": "n4", "date": "2024-04-01T00:00:00Z", "tag": ["tenderUpdate"],
                     "tender": {"title": "CCTV maintenance, renewed"}}""", hours(1));

            CompiledContract contract = driver.contracts.readValuesToList().getLast();
            assertThat(contract.getReleaseCount()).isEqualTo(4);
            assertThat(contract.getTitle()).isEqualTo("CCTV maintenance, renewed");
            assertThat(contract.getCompiledReleaseJson()).as("what the stored releases gave")
                    .contains("\"description\":\"camera model DS-2CD2047G2-L\"", "\"quantity\":3", "Secure Vision Installations Ltd");
            assertThat(store.get("ocds-b5fd17-9")[0]).as("stored again in format 3").isEqualTo((byte) 3);
        }
    }

    /** {@code "\\ud800"} is JSON but half a character, which PostgreSQL and UTF-8 refuse: it becomes U+FFFD, the rest as sent. */
    @Test
    void shouldReplaceHalfCharactersEscapedInAReleaseAndKeepTheRestAsPublished() throws Exception {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.release(TENDER.replace("CCTV upgrade", "CCTV \\ud800upgrade \\ud83d\\udcf9").replace("15000", "15000.0"), hours(1));

            CompiledContract contract = driver.contracts.readValuesToList().getLast();
            assertThat(contract.getTitle()).isEqualTo("CCTV \ufffdupgrade \ud83d\udcf9");
            assertThat(contract.getCompiledReleaseJson()).contains("\"amount\":15000.0");
        }
    }

    @Test
    void shouldGiveTheSameAlertsForTheSameInputAndNoneWhenItIsRepeated() {
        List<TestRecord<String, Alert>> first = alertsFor(stateDir.resolve("first"), 1);
        List<TestRecord<String, Alert>> second = alertsFor(stateDir.resolve("second"), 2);

        assertThat(first).isNotEmpty();
        assertThat(second).as("the second pass over the same input adds nothing").isEqualTo(first);
    }

    /** The compiled release of the releases piped in order, an hour apart, into a driver of its own. */
    private static String compiledRelease(Path stateDir, String... releases) {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            for (int i = 0; i < releases.length; i++) {
                driver.release(releases[i], hours(i + 1));
            }
            return driver.contracts.readValuesToList().getLast().getCompiledReleaseJson();
        }
    }

    /** The alerts of the same input piped {@code passes} times into one driver. */
    private static List<TestRecord<String, Alert>> alertsFor(Path stateDir, int passes) {
        try (EnrichDriver driver = new EnrichDriver(stateDir)) {
            driver.watchlist(WatchlistFile.bundled());
            for (int pass = 0; pass < passes; pass++) {
                driver.release(TENDER, hours(1));
                driver.release(AWARD, hours(2));
                driver.release(AMENDMENT, hours(3));
                driver.waitForWatchlistCheck();
            }
            return driver.alerts.readRecordsToList();
        }
    }

    private static Instant hours(int hours) {
        return EnrichDriver.START.plus(Duration.ofHours(hours));
    }
}
