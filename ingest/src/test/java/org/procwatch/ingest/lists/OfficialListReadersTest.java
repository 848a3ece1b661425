package org.procwatch.ingest.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.WatchlistEntity;

/** Each official list read from a small file shaped as its publisher serves it. */
class OfficialListReadersTest {

    private static final int MAX_ENTRY = ListLimits.DEFAULTS.maxEntryBytes();

    private final List<ListChange> changes = new ArrayList<>();
    private final List<ListProblem> problems = new ArrayList<>();

    private void read(OfficialList list, boolean persons, String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/lists/" + resource)) {
            list.reader(persons, MAX_ENTRY).read(in, changes::add, problems::add);
        }
    }

    private List<WatchlistEntity> listed() {
        return changes.stream().filter(ListChange.Listed.class::isInstance).map(change -> ((ListChange.Listed) change).entity()).toList();
    }

    private WatchlistEntity entity(String id) {
        return listed().stream().filter(entity -> entity.getId().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " not in " + changes));
    }

    @Test
    void shouldReadTheConsolidatedScreeningListsOrganisationsWithTheirListNamesIdentifiersAndDates() throws IOException {
        read(OfficialList.US_CSL, false, "consolidated.json");

        assertThat(listed()).extracting(WatchlistEntity::getId).as("no individual, vessel, or entry without an id")
                .containsExactly("us-csl:c6cfd2b6e0e1f0a3", "us-csl:9f1e2d3c4b5a6978", "us-csl:aabbccddeeff0011");
        WatchlistEntity hikvision = entity("us-csl:c6cfd2b6e0e1f0a3");
        assertThat(hikvision.getName()).isEqualTo("Hangzhou Hikvision Digital Technology Co., Ltd.");
        assertThat(hikvision.getAliases()).as("alt_names split where one holds several")
                .containsExactly("Hikvision", "Hangzhou Hikvision Digital Technology Company Limited");
        assertThat(hikvision.getLists()).containsExactly("us-csl", "us-csl:EL");
        assertThat(hikvision.getIdentifiers()).containsExactly(new Identifier("CN-USCC", "91330000733796106P"));
        assertThat(hikvision.getRelation()).isEqualTo(EntityRelation.listed);
        assertThat(hikvision.getCountries()).containsExactly("CN");
        assertThat(hikvision.getValidFrom()).isEqualTo(LocalDate.of(2019, 10, 9));
        assertThat(hikvision.getValidTo()).isNull();
        assertThat(hikvision.getSources()).first().asString().startsWith("https://www.bis.doc.gov/");
        assertThat(entity("us-csl:9f1e2d3c4b5a6978").getLists()).containsExactly("us-csl", "us-csl:CMIC");
        assertThat(entity("us-csl:9f1e2d3c4b5a6978").getIdentifiers()).as("a registration number of unknown register is no identifier")
                .isEmpty();
        assertThat(entity("us-csl:aabbccddeeff0011").getValidTo()).as("an ended listing keeps its end").isEqualTo(LocalDate.of(2024, 5, 1));
        assertThat(changes).as("each source's last update dates its list, the newest the CSL").contains(
                new ListChange.Dated("us-csl:EL", "2026-11-30"), new ListChange.Dated("us-csl", "2026-11-30"));
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isEqualTo("results[4]");
            assertThat(problem.reason()).contains("without an id");
        });
    }

    @Test
    void shouldKeepIndividualsOnlyWhenAskedFor() throws IOException {
        read(OfficialList.US_CSL, true, "consolidated.json");
        read(OfficialList.UK_SANCTIONS, true, "UK-Sanctions-List.xml");
        read(OfficialList.OPENSANCTIONS, true, "entities.ftm.json");

        assertThat(listed()).extracting(WatchlistEntity::getName).contains("DOE, John", "Ivan EXAMPLEOV", "Jane Roe")
                .doesNotContain("OCEAN STAR", "SEA VESSEL");
    }

    @Test
    void shouldReadOpenSanctionsEntitiesThatAreListedOrganisations() throws IOException {
        read(OfficialList.OPENSANCTIONS, false, "entities.ftm.json");

        assertThat(listed()).extracting(WatchlistEntity::getId).as("no sanction entity, person, or company merely linked to one")
                .containsExactly("opensanctions:NK-hikvision", "opensanctions:NK-uk-company");
        WatchlistEntity hikvision = entity("opensanctions:NK-hikvision");
        assertThat(hikvision.getAliases()).as("weak aliases left out").containsExactly("Hikvision", "杭州海康威视数字技术股份有限公司");
        assertThat(hikvision.getLists()).containsExactly("opensanctions", "opensanctions:us_fcc_covered_list", "opensanctions:us_trade_csl");
        assertThat(hikvision.getIdentifiers()).containsExactly(new Identifier("CN-USCC", "91330000733796106P"));
        assertThat(hikvision.getSources()).contains("https://www.opensanctions.org/entities/NK-hikvision/");
        WatchlistEntity uk = entity("opensanctions:NK-uk-company");
        assertThat(uk.getAliases()).containsExactly("Example Holdings PLC");
        assertThat(uk.getIdentifiers()).containsExactlyInAnyOrder(new Identifier("XI-LEI", "213800ABCDEFGHIJKL12"), new Identifier("GB-COH", "01234567"));
        assertThat(uk.getCountries()).containsExactly("GB");
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldApplyAnOpenSanctionsDeltaAddingChangingAndRemoving() throws IOException {
        read(OfficialList.OPENSANCTIONS, false, "delta.json");

        assertThat(changes).extracting(change -> switch (change) {
            case ListChange.Listed listed -> "Listed " + listed.id();
            case ListChange.Removed removed -> "Removed " + removed.id();
            case ListChange.Dated dated -> "Dated " + dated.list();
        }).containsExactly(
                "Listed opensanctions:NK-hikvision", "Listed opensanctions:NK-new",
                "Removed opensanctions:NK-uk-company", "Removed opensanctions:NK-gone");
        assertThat(entity("opensanctions:NK-hikvision").getAliases()).as("names compared as written; a repeat in capitals is another")
                .containsExactly("Hikvision", "HIKVISION");
        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.reason()).contains("unknown delta operation 'SWAP'"));
    }

    @Test
    void shouldReadTheUkSanctionsListsEntitiesWithAliasesAndNonLatinNames() throws IOException {
        read(OfficialList.UK_SANCTIONS, false, "UK-Sanctions-List.xml");

        assertThat(listed()).extracting(WatchlistEntity::getId).containsExactly("uk-sanctions:RUS1234");
        WatchlistEntity optics = entity("uk-sanctions:RUS1234");
        assertThat(optics.getName()).isEqualTo("EXAMPLE OPTICS ENGINEERING JSC");
        assertThat(optics.getAliases()).containsExactly("AO EXAMPLE OPTICS", "АО ПРИМЕР ОПТИКА");
        assertThat(optics.getValidFrom()).isEqualTo(LocalDate.of(2023, 2, 24));
        assertThat(optics.getCountries()).containsExactly("RU");
        assertThat(optics.getLists()).containsExactly("uk-sanctions");
        assertThat(changes).as("the list's DateGenerated").contains(new ListChange.Dated("uk-sanctions", "2026-12-01"));
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.position()).isEqualTo("Designation 4");
            assertThat(problem.reason()).contains("CHN0001", "no usable name");
        });
    }

    @Test
    void shouldNotReadExternalEntitiesInTheUkList() {
        String hostile = """
                <?xml version="1.0"?>
                <!DOCTYPE Designations [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <Designations><Designation><UniqueID>X1</UniqueID>
                <Names><Name><Name6>&secret;</Name6><NameType>Primary Name</NameType></Name></Names>
                <IndividualEntityShip>Entity</IndividualEntityShip></Designation></Designations>
                """;
        assertThatThrownBy(() -> new UkSanctionsReader(false, ListLimits.DEFAULTS.maxEntryBytes())
                .read(new ByteArrayInputStream(hostile.getBytes(StandardCharsets.UTF_8)), changes::add, problems::add))
                .isInstanceOf(IOException.class);
        assertThat(changes).isEmpty();
    }

    @Test
    void shouldReadTheFccCoveredListTableWithItsFirmsSubsidiaries() throws IOException {
        read(OfficialList.FCC_COVERED, false, "fcc-covered.csv");

        assertThat(listed()).extracting(WatchlistEntity::getId).containsExactly(
                "fcc-covered:hangzhou-hikvision-digital-technology-company", "fcc-covered:dahua-technology-company",
                "fcc-covered:dahua-technology-company/zhejiang-dahua-technology-co", "fcc-covered:dahua-technology-company/dahua-technology-uk-limited");
        WatchlistEntity dahuaUk = entity("fcc-covered:dahua-technology-company/dahua-technology-uk-limited");
        assertThat(dahuaUk.getRelation()).isEqualTo(EntityRelation.subsidiary);
        assertThat(dahuaUk.getParentId()).isEqualTo("fcc-covered:dahua-technology-company");
        assertThat(entity("fcc-covered:dahua-technology-company").getValidFrom()).isEqualTo(LocalDate.of(2021, 3, 12));
        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.position()).isEqualTo("row 4"));
    }

    /** A document in the list's own shape: the large entry between two small ones. */
    private void readWithALargeEntry(OfficialList list, String first, String large, String last) throws IOException {
        String document = switch (list) {
            case US_CSL -> "{\"results\": [" + first + ", " + large + ", " + last + "]}";
            case OPENSANCTIONS -> first + "\n" + large + "\n" + last + "\n";
            case UK_SANCTIONS -> "<Designations>" + first + large + last + "</Designations>";
            case FCC_COVERED -> throw new IllegalArgumentException("a table is capped whole");
        };
        list.reader(false, 4096).read(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), changes::add, problems::add);
    }

    private static String cslEntry(String id, String aliases) {
        return "{\"id\": \"" + id + "\", \"type\": \"Entity\", \"name\": \"Firm " + id + "\", \"alt_names\": [" + aliases + "]}";
    }

    private static String ftmEntity(String id, String aliases) {
        return "{\"id\": \"" + id + "\", \"schema\": \"Company\", \"caption\": \"Firm " + id + "\", \"properties\": {\"alias\": ["
                + aliases + "], \"topics\": [\"sanction\"]}}";
    }

    private static String designation(String id, String addresses) {
        return "<Designation><UniqueID>" + id + "</UniqueID><IndividualEntityShip>Entity</IndividualEntityShip><Names><Name><Name6>Firm "
                + id + "</Name6><NameType>Primary Name</NameType></Name></Names><Addresses>" + addresses + "</Addresses></Designation>";
    }

    @Test
    void shouldReadPastAnEntryOverTheLimitReportItAsUnreadAndReadTheNext() throws IOException {
        // Under the limit in any one string or element, over it together: a tree of it would cost what it holds.
        String manyAliases = String.join(", ", Collections.nCopies(400, "\"Alias of a firm\""));
        String manyAddresses = "<Address><AddressCountry>China</AddressCountry></Address>".repeat(200);
        readWithALargeEntry(OfficialList.US_CSL, cslEntry("a1", ""), cslEntry("big", manyAliases), cslEntry("a2", "\"Second\""));
        readWithALargeEntry(OfficialList.OPENSANCTIONS, ftmEntity("NK-1", ""), ftmEntity("NK-big", manyAliases), ftmEntity("NK-2", ""));
        readWithALargeEntry(OfficialList.UK_SANCTIONS, designation("U1", ""), designation("UBIG", manyAddresses), designation("U2", ""));

        assertThat(listed()).extracting(WatchlistEntity::getId).containsExactly("us-csl:a1", "us-csl:a2", "opensanctions:NK-1",
                "opensanctions:NK-2", "uk-sanctions:U1", "uk-sanctions:U2");
        assertThat(entity("us-csl:a2").getAliases()).as("the entry after is read whole").containsExactly("Second");
        assertThat(problems).extracting(ListProblem::position).containsExactly("results[1]", "entity 2", "Designation 2");
        assertThat(problems).allSatisfy(problem -> {
            assertThat(problem.readPast()).isTrue();
            assertThat(problem.reason()).contains("over 4,096 bytes");
        });
    }

    @Test
    void shouldRefuseAnFccTableOverTheLimit() throws IOException {
        String table = "Entity Name,Date of Inclusion on Covered List\n" + "Some Firm,3/12/2021\n".repeat(300);
        byte[] bytes = table.getBytes(StandardCharsets.UTF_8);
        ListReader fcc = OfficialList.FCC_COVERED.reader(false, 4096);
        assertThatThrownBy(() -> fcc.read(new ByteArrayInputStream(bytes), changes::add, problems::add))
                .isInstanceOf(IOException.class).hasMessageContaining("over 4,096 bytes");
        read(OfficialList.FCC_COVERED, false, "fcc-covered.csv");
        assertThat(listed()).as("a real table is far under the default").hasSizeGreaterThan(3);
    }

    @Test
    void shouldRefuseADocumentThatIsNotTheListAsked() {
        byte[] notCsl = "{\"releases\": []}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OfficialList.US_CSL.reader(false, MAX_ENTRY).read(new ByteArrayInputStream(notCsl), changes::add,
                problems::add))
                .isInstanceOf(IOException.class).hasMessageContaining("no results array");
        byte[] notFcc = "name,date\nx,y\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OfficialList.FCC_COVERED.reader(false, MAX_ENTRY).read(new ByteArrayInputStream(notFcc), changes::add,
                problems::add))
                .isInstanceOf(IOException.class).hasMessageContaining("Entity Name");
        byte[] broken = "{\"id\": \"NK-1\", \"schema\": \"Company\"}\n{\"id\": \"NK-2\", \"sch".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OfficialList.OPENSANCTIONS.reader(false, MAX_ENTRY).read(new ByteArrayInputStream(broken), changes::add,
                problems::add))
                .isInstanceOf(IOException.class);
    }

    @Test
    void shouldTellEachListFromItsFirstBytes() throws IOException {
        assertThat(OfficialList.detect(bytes("consolidated.json"))).contains(OfficialList.US_CSL);
        assertThat(OfficialList.detect(bytes("entities.ftm.json"))).contains(OfficialList.OPENSANCTIONS);
        assertThat(OfficialList.detect(bytes("delta.json"))).contains(OfficialList.OPENSANCTIONS);
        assertThat(OfficialList.detect(bytes("UK-Sanctions-List.xml"))).contains(OfficialList.UK_SANCTIONS);
        assertThat(OfficialList.detect(bytes("fcc-covered.csv"))).contains(OfficialList.FCC_COVERED);
        byte[] watchlistLine = "{\"id\": \"hikvision\", \"name\": \"Hikvision\", \"relation\": \"listed\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(OfficialList.detect(watchlistLine)).as("procwatch's own watchlist format").isEmpty();
        assertThat(OfficialList.detect("request_id,body_name\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    private byte[] bytes(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/lists/" + resource)) {
            return in.readAllBytes();
        }
    }
}
