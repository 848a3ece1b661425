package org.procwatch.schemas.watchlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.WatchlistEntity;

class WatchlistFileTest {

    private static final List<WatchlistEntity> BUNDLED = WatchlistFile.bundled();
    private static final Map<String, WatchlistEntity> BY_ID = BUNDLED.stream()
            .collect(Collectors.toMap(WatchlistEntity::getId, Function.identity()));

    @Test
    void everyBundledEntityHasAUniqueIdAndAPublicSource() {
        assertThat(BUNDLED).extracting(WatchlistEntity::getId).doesNotHaveDuplicates();
        assertThat(BUNDLED).allSatisfy(entity -> assertThat(entity.getSources())
                .as(entity.getId()).isNotEmpty().allSatisfy(source -> assertThat(source).startsWith("https://")));
    }

    @Test
    void refusesAnEntityWhoseSourceIsNotAWebPage() throws Exception {
        List<WatchlistFile.Problem> problems = new ArrayList<>();
        List<WatchlistEntity> read = WatchlistFile.read(new StringReader("""
                {"id": "a", "name": "A Ltd", "relation": "distributor", "parentId": "hikvision", "sources": ["https://example.org/a"]}
                {"id": "b", "name": "B Ltd", "relation": "distributor", "parentId": "hikvision", "sources": ["javascript:alert(1)"]}
                """), "test.jsonl", problems::add);

        assertThat(read).extracting(WatchlistEntity::getId).containsExactly("a");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.reason()).contains("not an http or https address");
        });
    }

    @Test
    void everyRelatedEntityLeadsToAListedFirm() {
        for (WatchlistEntity entity : BUNDLED) {
            Set<String> seen = new HashSet<>();
            WatchlistEntity current = entity;
            while (current.getRelation() != EntityRelation.listed) {
                assertThat(seen.add(current.getId())).as("cycle through %s", current.getId()).isTrue();
                current = BY_ID.get(current.getParentId());
                assertThat(current).as("parent of %s", entity.getId()).isNotNull();
            }
        }
    }

    @Test
    void holdsTheWholeFccCoveredListAndTheFiveNdaa889Firms() {
        assertThat(BUNDLED).filteredOn(entity -> entity.getLists().contains("us-fcc-covered-list"))
                .extracting(WatchlistEntity::getId)
                .containsExactlyInAnyOrder("huawei", "zte", "hytera", "hikvision", "dahua", "kaspersky",
                        "china-mobile-international-usa", "china-telecom-americas", "pacific-network", "comnet-usa",
                        "china-unicom-americas");
        assertThat(BUNDLED).filteredOn(entity -> entity.getLists().contains("us-ndaa-889"))
                .extracting(WatchlistEntity::getId)
                .containsExactlyInAnyOrder("huawei", "zte", "hytera", "hikvision", "dahua");
    }

    @Test
    void knowsTheBrandsSubsidiariesAndDatedRelations() {
        assertThat(BUNDLED).filteredOn(entity -> entity.getRelation() == EntityRelation.brand)
                .extracting(WatchlistEntity::getName)
                .contains("EZVIZ", "HiLook", "HiWatch", "Hiksemi", "Imou");
        WatchlistEntity lorex = BY_ID.get("lorex");
        assertThat(lorex.getParentId()).isEqualTo("dahua");
        assertThat(lorex.getValidTo()).isEqualTo(LocalDate.of(2022, 11, 24));
        assertThat(BUNDLED).filteredOn(entity -> entity.getLists().contains("us-entity-list") && "hikvision".equals(entity.getParentId()))
                .hasSize(5);
        assertThat(BY_ID.get("hikvision").getAliases()).contains("杭州海康威视数字技术股份有限公司");
        assertThat(BY_ID.get("dahua").getAliases()).contains("浙江大华技术股份有限公司");
    }

    @Test
    void productCodePatternsFindModelsButNotLookAlikes() {
        assertThat(firmsMatching("IP camera DS-2CD2047G2-LU and recorder DS-7608NI-K2")).containsExactly("hikvision");
        assertThat(firmsMatching("DH-IPC-HFW2431S-S-S2 bullet camera")).containsExactly("dahua");
        assertThat(firmsMatching("dome IPC-HDBW2431E-S-S2, recorder NVR4108HS-4KS2")).containsExactly("dahua");
        assertThat(firmsMatching("Boards to IPC-2221 design standard")).isEmpty();
        assertThat(firmsMatching("Visa application form DS-160 support")).isEmpty();
        assertThat(firmsMatching("DS-2 stationery, IPC-A-610 inspection")).isEmpty();
    }

    @Test
    void reportsInvalidLinesAndKeepsTheRest() throws IOException {
        List<WatchlistFile.Problem> problems = new ArrayList<>();
        List<WatchlistEntity> entities = WatchlistFile.read(new StringReader("""
                {"id": "acme", "name": "Acme Surveillance Ltd", "relation": "distributor", "parentId": "hikvision", "sources": ["https://example.org"]}
                {"id": "orphan", "name": "Orphan Ltd", "relation": "subsidiary"}
                {"id": "odd", "name": "Odd", "relation": "cousin", "parentId": "dahua"}
                not json
                {"id": "late", "name": "Late", "relation": "listed", "validFrom": "24/11/2022"}
                """), "mine.jsonl", problems::add);

        assertThat(entities).extracting(WatchlistEntity::getId).containsExactly("acme");
        assertThat(problems).extracting(WatchlistFile.Problem::line).containsExactly(2, 3, 4, 5);
        assertThat(problems.get(0).reason()).contains("parentId");
        assertThat(problems.get(1).reason()).contains("cousin");
        assertThat(problems.get(3).reason()).contains("2022-11-24");
    }

    private static List<String> firmsMatching(String text) {
        return BUNDLED.stream()
                .filter(entity -> entity.getProductCodePatterns().stream().anyMatch(p -> Pattern.compile(p).matcher(text).find()))
                .map(WatchlistEntity::getId)
                .toList();
    }
}
