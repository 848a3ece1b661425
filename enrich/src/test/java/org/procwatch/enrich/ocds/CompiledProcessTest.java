package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MergeRules OCDS_1_1 = MergeRules.forVersion("1.1");
    private static final String OCID = "ocds-b5fd17-1";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static CompiledProcess process() {
        return new CompiledProcess(OCID, OCDS_1_1, true);
    }

    private static final List<JsonNode> TENDER_TO_CONTRACT = List.of(
            json("{'ocid': 'ocds-b5fd17-1', 'id': 'n1', 'date': '2024-01-01T00:00:00Z', 'tag': ['tender'],"
                    + " 'buyer': {'id': 'GB-CFS-1', 'name': 'Anytown Council'},"
                    + " 'tender': {'id': 't', 'title': 'CCTV', 'value': {'amount': 100, 'currency': 'GBP'},"
                    + "   'items': [{'id': '1', 'description': 'cameras', 'quantity': 10}]}}"),
            json("{'ocid': 'ocds-b5fd17-1', 'id': 'n2', 'date': '2024-02-01T00:00:00Z', 'tag': ['tenderAmendment'],"
                    + " 'tender': {'id': 't', 'value': {'amount': 120},"
                    + "   'items': [{'id': '1', 'quantity': 12}, {'id': '2', 'description': 'recorder'}]}}"),
            json("{'ocid': 'ocds-b5fd17-1', 'id': 'n3', 'date': '2024-03-01T00:00:00Z', 'tag': ['award'],"
                    + " 'awards': [{'id': 'a1', 'suppliers': [{'id': 'GB-COH-08584373', 'name': 'Hikvision UK Ltd'}],"
                    + "   'value': {'amount': 118, 'currency': 'GBP'}}], 'tender': {'id': 't', 'title': null}}"),
            json("{'ocid': 'ocds-b5fd17-1', 'id': 'n4', 'date': '2024-04-01T00:00:00Z', 'tag': ['contract'],"
                    + " 'contracts': [{'id': 'c1', 'awardID': 'a1', 'status': 'active'}]}"));

    @Test
    void shouldGiveTheSameCompiledReleaseWhateverOrderTheReleasesArriveIn() {
        CompiledProcess inOrder = process();
        TENDER_TO_CONTRACT.forEach(inOrder::merge);
        JsonNode expected = inOrder.compiledRelease();

        for (List<JsonNode> order : permutations(TENDER_TO_CONTRACT)) {
            CompiledProcess shuffled = process();
            order.forEach(shuffled::merge);
            assertThat(shuffled.compiledRelease()).as("order %s", order.stream().map(r -> r.get("id").asText()).toList())
                    .isEqualTo(expected);
            assertThat(shuffled.versionedRelease()).isEqualTo(inOrder.versionedRelease());
        }
    }

    @Test
    void shouldMergeTheLatestValueOfEveryField() {
        CompiledProcess process = process();
        TENDER_TO_CONTRACT.forEach(process::merge);

        JsonNode compiled = process.compiledRelease();
        assertThat(compiled.get("id").asText()).isEqualTo(OCID + "-2024-04-01T00:00:00Z");
        assertThat(compiled.at("/tender/value")).isEqualTo(json("{'amount': 120, 'currency': 'GBP'}"));
        assertThat(compiled.at("/tender/items")).isEqualTo(json(
                "[{'id': '1', 'description': 'cameras', 'quantity': 12}, {'id': '2', 'description': 'recorder'}]"));
        assertThat(compiled.at("/tender").has("title")).as("a null removes the field").isFalse();
        assertThat(compiled.at("/awards/0/suppliers/0/name").asText()).isEqualTo("Hikvision UK Ltd");
        assertThat(process.releaseCount()).isEqualTo(4);
    }

    @Test
    void shouldLeaveWhatEarlierReleasesPutInAnObjectALaterOneSetsToNullAsTheReferenceDoes() {
        CompiledProcess process = process();
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'planning': {'rationale': 'old', 'budget': {'id': 'b'}}}"));
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '3', 'date': '2024-03-01', 'planning': {'rationale': 'new'}}"));
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '2', 'date': '2024-02-01', 'planning': null}"));

        // ocdsmerge a124df3 gives {"rationale": "new", "budget": {"id": "b"}}: a null removes only a field's own value.
        assertThat(process.compiledRelease().get("planning")).isEqualTo(json("{'rationale': 'new', 'budget': {'id': 'b'}}"));
    }

    @Test
    void shouldIgnoreAReleaseItHasAlreadyMerged() {
        CompiledProcess process = process();
        process.merge(TENDER_TO_CONTRACT.get(0));

        CompiledProcess.Outcome again = process.merge(TENDER_TO_CONTRACT.get(0).deepCopy());

        assertThat(again.duplicate()).isTrue();
        assertThat(process.releaseCount()).isEqualTo(1);
    }

    @Test
    void shouldMergeAReleaseThatRepeatsAnIdAndDateWithOtherContentAfterTheFirstWithAWarning() {
        CompiledProcess process = process();
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'first', 'description': 'kept'}"));

        CompiledProcess.Outcome repeated = process.merge(
                json("{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'second'}"));

        assertThat(repeated.duplicate()).isFalse();
        assertThat(repeated.warnings()).singleElement().asString().contains("r1", "2024-01-01", "other content", "both are merged");
        assertThat(process.releaseCount()).isEqualTo(2);
        assertThat(process.compiledRelease().get("title").asText()).as("the one that came later, as the merge's date order keeps them")
                .isEqualTo("second");
        assertThat(process.compiledRelease().get("description").asText()).isEqualTo("kept");
        assertThat(process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'first', 'description': 'kept'}"))
                .duplicate()).as("either content again is a duplicate").isTrue();
        assertThat(process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'second'}")).duplicate()).isTrue();
        assertThat(process.releaseCount()).isEqualTo(2);
    }

    @Test
    void shouldAskForTheContentDigestOnlyWhenAnIdAndDateRepeat() {
        CompiledProcess process = process();
        int[] asked = {0};
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'a'}"), () -> {
            asked[0]++;
            return "aa";
        });
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': 'r2', 'date': '2024-01-02', 'title': 'b'}"), () -> {
            asked[0]++;
            return "bb";
        });
        assertThat(asked[0]).isZero();

        assertThat(process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'a'}"), () -> "aa").duplicate())
                .isTrue();
        assertThat(asked[0]).as("the first release's digest, asked for when one repeated it").isEqualTo(1);
    }

    @Test
    void shouldKeepReleasesWithoutIdApartByContent() {
        CompiledProcess process = process();
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'date': '2024-01-01', 'title': 'a'}"));
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'date': '2024-01-02', 'title': 'b'}"));

        assertThat(process.merge(json("{'ocid': 'ocds-b5fd17-1', 'date': '2024-01-02', 'title': 'b'}")).duplicate()).isTrue();
        assertThat(process.releaseCount()).isEqualTo(2);
        assertThat(process.compiledRelease().get("title").asText()).isEqualTo("b");
    }

    @Test
    void shouldTreatIdsAsTheyAreWrittenKeepingLeadingZerosAndTypes() {
        CompiledProcess process = process();
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'awards': [{'id': '01', 'title': 'a'}, {'id': 1, 'title': 'b'}]}"));
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '2', 'date': '2024-01-02', 'awards': [{'id': '1', 'title': 'c'}]}"));

        assertThat(process.compiledRelease().get("awards")).isEqualTo(json(
                "[{'id': '01', 'title': 'a'}, {'id': 1, 'title': 'b'}, {'id': '1', 'title': 'c'}]"));
    }

    @Test
    void shouldAcceptAStringTagAndReportItInTheVersionedRelease() {
        CompiledProcess process = process();
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'tag': 'tender', 'title': 'x'}"));

        assertThat(process.compiledRelease().get("tag")).isEqualTo(json("['compiled']"));
        assertThat(process.versionedRelease().at("/title/0/releaseTag").asText()).isEqualTo("tender");
    }

    @Test
    void shouldWarnAboutDuplicateIdsInOneArray() {
        CompiledProcess.Outcome outcome = process().merge(json(
                "{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'awards': [{'id': 'a', 'title': 'x'}, {'id': 'a', 'title': 'y'}]}"));

        assertThat(outcome.warnings()).singleElement().asString().contains("duplicate id").contains("awards");
    }

    @Test
    void shouldRejectAReleaseWithoutADateNamingTheOcid() {
        assertThatThrownBy(() -> process().merge(json("{'ocid': 'ocds-b5fd17-1', 'id': 'n9'}")))
                .isInstanceOf(OcdsMergeException.class)
                .hasMessageContaining(OCID).hasMessageContaining("n9").hasMessageContaining("no date");
        assertThatThrownBy(() -> process().merge(json("{'ocid': 'ocds-b5fd17-1', 'id': 'n9', 'date': null}")))
                .hasMessageContaining("no date");
        assertThatThrownBy(() -> process().merge(json("{'ocid': 'ocds-b5fd17-1', 'id': 'n9', 'date': 20240101}")))
                .hasMessageContaining("not a string");
    }

    @Test
    void shouldRejectAReleaseThatIsNotAnObject() {
        assertThatThrownBy(() -> process().merge(json("['not', 'a', 'release']")))
                .isInstanceOf(OcdsMergeException.class).hasMessageContaining("JSON object").hasMessageContaining("array");
    }

    @Test
    void shouldRejectAReleaseOfAnotherProcess() {
        assertThatThrownBy(() -> process().merge(json("{'ocid': 'ocds-other', 'id': '1', 'date': '2024-01-01'}")))
                .isInstanceOf(OcdsMergeException.class).hasMessageContaining("ocds-other");
    }

    @Test
    void shouldLeaveOutAReleaseThatChangesAValuesTypeSoThatNoCompiledReleaseCanBeMadeAndKeepTheStateAsItWas() {
        CompiledProcess process = process();
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'tender': {'status': 'active'}}"));
        JsonNode before = process.compiledRelease();

        // ocdsmerge: "An earlier release had the value 'active' for /tender/status, but the current release has an object
        // with a 'code' key", and no compiled release at all; procwatch leaves the release out, saying so, and goes on.
        assertThatThrownBy(() -> process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '2', 'date': '2024-01-02', 'tender': {'status': {'code': 'x'}}}")))
                .isInstanceOf(OcdsMergeException.class)
                .hasMessageContaining(OCID).hasMessageContaining("release 2").hasMessageContaining("the string \"active\" for tender.status")
                .hasMessageContaining("an object with a 'code' field");
        assertThat(process.compiledRelease()).isEqualTo(before);
        assertThat(process.releaseCount()).isEqualTo(1);

        // Where the object came first, the reference leaves a later value for the same field out, without an error.
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '3', 'date': '2024-01-03', 'tender': 'withdrawn'}"));
        assertThat(process.compiledRelease().get("tender")).isEqualTo(json("{'status': 'active'}"));
        assertThat(process.releaseCount()).isEqualTo(2);
    }

    @Test
    void shouldApplyOcds10WholeListSuppliers() {
        CompiledProcess process = new CompiledProcess(OCID, MergeRules.forVersion("1.0"), false);
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'awards': [{'id': 'a', 'suppliers': [{'name': 'A'}, {'name': 'B'}]}]}"));
        process.merge(json("{'ocid': 'ocds-b5fd17-1', 'id': '2', 'date': '2024-01-02', 'awards': [{'id': 'a', 'suppliers': [{'name': 'C'}]}]}"));

        assertThat(process.compiledRelease().at("/awards/0/suppliers")).isEqualTo(json("[{'name': 'C'}]"));
        assertThatThrownBy(process::versionedRelease).isInstanceOf(IllegalStateException.class);
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
