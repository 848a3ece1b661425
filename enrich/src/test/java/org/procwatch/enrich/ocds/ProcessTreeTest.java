package org.procwatch.enrich.ocds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.procwatch.enrich.ocds.ProcessTrees.compiled;
import static org.procwatch.enrich.ocds.ProcessTrees.json;
import static org.procwatch.enrich.ocds.ProcessTrees.merge;
import static org.procwatch.enrich.ocds.ProcessTrees.merged;
import static org.procwatch.enrich.ocds.ProcessTrees.release;
import static org.procwatch.enrich.ocds.ProcessTrees.versioned;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    private static final MergeRules OCDS_1_1 = MergeRules.forVersion("1.1");
    private static final String OCID = "ocds-b5fd17-1";

    private static ProcessTree process() {
        return new ProcessTree(OCID, OCDS_1_1, true);
    }

    private static final List<String> TENDER_TO_CONTRACT = List.of(
            "{'ocid': 'ocds-b5fd17-1', 'id': 'n1', 'date': '2024-01-01T00:00:00Z', 'tag': ['tender'],"
                    + " 'buyer': {'id': 'GB-CFS-1', 'name': 'Anytown Council'},"
                    + " 'tender': {'id': 't', 'title': 'CCTV', 'value': {'amount': 100, 'currency': 'GBP'},"
                    + "   'items': [{'id': '1', 'description': 'cameras', 'quantity': 10}]}}",
            "{'ocid': 'ocds-b5fd17-1', 'id': 'n2', 'date': '2024-02-01T00:00:00Z', 'tag': ['tenderAmendment'],"
                    + " 'tender': {'id': 't', 'value': {'amount': 120},"
                    + "   'items': [{'id': '1', 'quantity': 12}, {'id': '2', 'description': 'recorder'}]}}",
            "{'ocid': 'ocds-b5fd17-1', 'id': 'n3', 'date': '2024-03-01T00:00:00Z', 'tag': ['award'],"
                    + " 'awards': [{'id': 'a1', 'suppliers': [{'id': 'GB-COH-08584373', 'name': 'Hikvision UK Ltd'}],"
                    + "   'value': {'amount': 118, 'currency': 'GBP'}}], 'tender': {'id': 't', 'title': null}}",
            "{'ocid': 'ocds-b5fd17-1', 'id': 'n4', 'date': '2024-04-01T00:00:00Z', 'tag': ['contract'],"
                    + " 'contracts': [{'id': 'c1', 'awardID': 'a1', 'status': 'active'}]}");

    @Test
    void shouldGiveTheSameCompiledReleaseWhateverOrderTheReleasesArriveIn() {
        ProcessTree inOrder = merged(process(), TENDER_TO_CONTRACT);
        byte[] expected = inOrder.compiledRelease();

        for (List<String> order : permutations(TENDER_TO_CONTRACT)) {
            ProcessTree shuffled = merged(process(), order);
            assertThat(new String(shuffled.compiledRelease(), StandardCharsets.UTF_8)).as("order %s", order.stream()
                    .map(release -> json(release).get("id").asText()).toList()).isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(versioned(shuffled)).isEqualTo(versioned(inOrder));
        }
    }

    @Test
    void shouldMergeTheLatestValueOfEveryField() {
        ProcessTree process = merged(process(), TENDER_TO_CONTRACT);

        JsonNode compiled = compiled(process);
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
        ProcessTree process = merged(process(), List.of(
                "{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'planning': {'rationale': 'old', 'budget': {'id': 'b'}}}",
                "{'ocid': 'ocds-b5fd17-1', 'id': '3', 'date': '2024-03-01', 'planning': {'rationale': 'new'}}",
                "{'ocid': 'ocds-b5fd17-1', 'id': '2', 'date': '2024-02-01', 'planning': null}"));

        // ocdsmerge a124df3 gives {"rationale": "new", "budget": {"id": "b"}}: a null removes only a field's own value.
        assertThat(compiled(process).get("planning")).isEqualTo(json("{'rationale': 'new', 'budget': {'id': 'b'}}"));
    }

    @Test
    void shouldIgnoreAReleaseItHasAlreadyMerged() {
        ProcessTree process = process();
        merge(process, TENDER_TO_CONTRACT.get(0));

        ProcessTree.Outcome again = merge(process, TENDER_TO_CONTRACT.get(0));

        assertThat(again.duplicate()).isTrue();
        assertThat(process.releaseCount()).isEqualTo(1);
    }

    @Test
    void shouldMergeAReleaseThatRepeatsAnIdAndDateWithOtherContentAfterTheFirstWithAWarning() {
        ProcessTree process = process();
        merge(process, "{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'first', 'description': 'kept'}");

        ProcessTree.Outcome repeated = merge(process, "{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'second'}");

        assertThat(repeated.duplicate()).isFalse();
        assertThat(repeated.warnings()).singleElement().asString().contains("r1", "2024-01-01", "other content", "both are merged");
        assertThat(process.releaseCount()).isEqualTo(2);
        assertThat(compiled(process).get("title").asText()).as("the one that came later, as the merge's date order keeps them")
                .isEqualTo("second");
        assertThat(compiled(process).get("description").asText()).isEqualTo("kept");
        assertThat(merge(process, "{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'first', 'description': 'kept'}")
                .duplicate()).as("either content again is a duplicate").isTrue();
        assertThat(merge(process, "{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'second'}").duplicate()).isTrue();
        assertThat(process.releaseCount()).isEqualTo(2);
    }

    @Test
    void shouldAskForTheContentDigestOnlyWhenAnIdAndDateRepeat() {
        ProcessTree process = process();
        int[] asked = {0};
        byte[] first = release("{'ocid': 'ocds-b5fd17-1', 'id': 'r1', 'date': '2024-01-01', 'title': 'a'}");
        byte[] second = release("{'ocid': 'ocds-b5fd17-1', 'id': 'r2', 'date': '2024-01-02', 'title': 'b'}");
        process.merge(first, 0, first.length, () -> {
            asked[0]++;
            return "aa";
        });
        process.merge(second, 0, second.length, () -> {
            asked[0]++;
            return "bb";
        });
        assertThat(asked[0]).isZero();

        assertThat(process.merge(first, 0, first.length, () -> "aa").duplicate()).isTrue();
        assertThat(asked[0]).as("the first release's digest, asked for when one repeated it").isEqualTo(1);
    }

    @Test
    void shouldKeepReleasesWithoutIdApartByContent() {
        ProcessTree process = merged(process(), List.of("{'ocid': 'ocds-b5fd17-1', 'date': '2024-01-01', 'title': 'a'}",
                "{'ocid': 'ocds-b5fd17-1', 'date': '2024-01-02', 'title': 'b'}"));

        assertThat(merge(process, "{'ocid': 'ocds-b5fd17-1', 'date': '2024-01-02', 'title': 'b'}").duplicate()).isTrue();
        assertThat(process.releaseCount()).isEqualTo(2);
        assertThat(compiled(process).get("title").asText()).isEqualTo("b");
    }

    @Test
    void shouldTreatIdsAsTheyAreWrittenKeepingLeadingZerosAndTypes() {
        ProcessTree process = merged(process(), List.of(
                "{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'awards': [{'id': '01', 'title': 'a'}, {'id': 1, 'title': 'b'}]}",
                "{'ocid': 'ocds-b5fd17-1', 'id': '2', 'date': '2024-01-02', 'awards': [{'id': '1', 'title': 'c'}]}"));

        assertThat(compiled(process).get("awards")).isEqualTo(json(
                "[{'id': '01', 'title': 'a'}, {'id': 1, 'title': 'b'}, {'id': '1', 'title': 'c'}]"));
    }

    @Test
    void shouldAcceptAStringTagAndReportItInTheVersionedRelease() {
        ProcessTree process = process();
        merge(process, "{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'tag': 'tender', 'title': 'x'}");

        assertThat(compiled(process).get("tag")).isEqualTo(json("['compiled']"));
        assertThat(versioned(process).at("/title/0/releaseTag").asText()).isEqualTo("tender");
    }

    @Test
    void shouldWarnAboutDuplicateIdsInOneArray() {
        ProcessTree.Outcome outcome = merge(process(),
                "{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'awards': [{'id': 'a', 'title': 'x'}, {'id': 'a', 'title': 'y'}]}");

        assertThat(outcome.warnings()).singleElement().asString().contains("duplicate id").contains("awards");
    }

    @Test
    void shouldRejectAReleaseWithoutADateNamingTheOcid() {
        assertThatThrownBy(() -> merge(process(), "{'ocid': 'ocds-b5fd17-1', 'id': 'n9'}"))
                .isInstanceOf(OcdsMergeException.class)
                .hasMessageContaining(OCID).hasMessageContaining("n9").hasMessageContaining("no date");
        assertThatThrownBy(() -> merge(process(), "{'ocid': 'ocds-b5fd17-1', 'id': 'n9', 'date': null}"))
                .hasMessageContaining("no date");
        assertThatThrownBy(() -> merge(process(), "{'ocid': 'ocds-b5fd17-1', 'id': 'n9', 'date': 20240101}"))
                .hasMessageContaining("not a string");
    }

    @Test
    void shouldRejectAReleaseThatIsNotAnObjectOrNotJson() {
        assertThatThrownBy(() -> merge(process(), "['not', 'a', 'release']"))
                .isInstanceOf(OcdsMergeException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> merge(process(), "{'ocid': 'ocds-b5fd17-1', 'date': '2024-01-01', 'title': "))
                .isInstanceOf(OcdsMergeException.class).hasMessageContaining(OCID).hasMessageContaining("not valid JSON");
    }

    @Test
    void shouldRejectAReleaseOfAnotherProcess() {
        assertThatThrownBy(() -> merge(process(), "{'ocid': 'ocds-other', 'id': '1', 'date': '2024-01-01'}"))
                .isInstanceOf(OcdsMergeException.class).hasMessageContaining("ocds-other");
    }

    @Test
    void shouldLeaveOutAReleaseThatChangesAValuesTypeSoThatNoCompiledReleaseCanBeMadeAndKeepTheStateAsItWas() {
        ProcessTree process = process();
        merge(process, "{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'tender': {'status': 'active'}}");
        JsonNode before = compiled(process);

        // ocdsmerge: "An earlier release had the value 'active' for /tender/status, but the current release has an object
        // with a 'code' key", and no compiled release at all; procwatch leaves the release out, saying so, and goes on.
        assertThatThrownBy(() -> merge(process, "{'ocid': 'ocds-b5fd17-1', 'id': '2', 'date': '2024-01-02', 'tender': {'status': {'code': 'x'}}}"))
                .isInstanceOf(OcdsMergeException.class)
                .hasMessageContaining(OCID).hasMessageContaining("release 2").hasMessageContaining("the string \"active\" for tender.status")
                .hasMessageContaining("an object with a 'code' field");
        assertThat(compiled(process)).isEqualTo(before);
        assertThat(process.releaseCount()).isEqualTo(1);

        // Where the object came first, the reference leaves a later value for the same field out, without an error.
        merge(process, "{'ocid': 'ocds-b5fd17-1', 'id': '3', 'date': '2024-01-03', 'tender': 'withdrawn'}");
        assertThat(compiled(process).get("tender")).isEqualTo(json("{'status': 'active'}"));
        assertThat(process.releaseCount()).isEqualTo(2);
    }

    @Test
    void shouldApplyOcds10WholeListSuppliers() {
        ProcessTree process = merged(new ProcessTree(OCID, MergeRules.forVersion("1.0"), false), List.of(
                "{'ocid': 'ocds-b5fd17-1', 'id': '1', 'date': '2024-01-01', 'awards': [{'id': 'a', 'suppliers': [{'name': 'A'}, {'name': 'B'}]}]}",
                "{'ocid': 'ocds-b5fd17-1', 'id': '2', 'date': '2024-01-02', 'awards': [{'id': 'a', 'suppliers': [{'name': 'C'}]}]}"));

        assertThat(compiled(process).at("/awards/0/suppliers")).isEqualTo(json("[{'name': 'C'}]"));
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
