package org.procwatch.enrich.match;

import org.procwatch.schemas.name.NameNormalizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.watchlist.WatchlistFile;

class VendorMatcherTest {

    private static final List<WatchlistEntity> BUNDLED = WatchlistFile.bundled();
    private final VendorMatcher matcher = new VendorMatcher(BUNDLED);

    @Test
    void shouldResolveASubsidiaryToTheListedFirmWithItsLists() {
        VendorMatch match = matcher.matchName("Hikvision UK Ltd").getFirst();

        assertThat(match.entityId()).isEqualTo("hikvision-uk");
        assertThat(match.listedEntityName()).isEqualTo("Hangzhou Hikvision Digital Technology Co., Ltd.");
        assertThat(match.relation()).isEqualTo("subsidiary");
        assertThat(match.lists()).contains("us-fcc-covered-list", "us-ndaa-889");
        assertThat(match.chain()).containsExactly("hikvision-uk", "hikvision");
        assertThat(match.explanation()).contains("Hikvision UK Limited").contains("subsidiary of");
        assertThat(match.score()).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void shouldMatchCompanyNumbersWithoutLeadingZeros() {
        List<WatchlistEntity> withNumber = new ArrayList<>(BUNDLED);
        withNumber.add(WatchlistEntity.newBuilder().setId("acme").setName("Acme Imaging Ltd").setRelation(EntityRelation.distributor)
                .setParentId("dahua").setIdentifiers(List.of(new Identifier("GB-COH", "01234567"))).setSources(List.of("https://example.org")).build());
        VendorMatcher withAcme = new VendorMatcher(withNumber);

        List<VendorMatch> matches = withAcme.matchParty(new VendorMatcher.Party("A completely different name",
                List.of(new Identifier("gb-coh", "1234567")), null, null));

        assertThat(matches).singleElement().satisfies(match -> {
            assertThat(match.kind()).isEqualTo(EvidenceKind.IDENTIFIER);
            assertThat(match.listedEntityId()).isEqualTo("dahua");
            assertThat(match.score()).isEqualTo(1.0);
        });
        assertThat(Identifiers.parseCombined("GB-COH-01234567")).hasValue(new Identifier("GB-COH", "01234567"));
    }

    @Test
    void shouldFindAListedFirmWhoseBrandItsManySubsidiariesShare() {
        // As on the Entity List, where Huawei's affiliates, each under a name of its own and aliases, are hundreds of names.
        List<WatchlistEntity> crowded = new ArrayList<>();
        crowded.add(WatchlistEntity.newBuilder().setId("huawei").setName("Huawei Technologies Co., Ltd.").setRelation(EntityRelation.listed)
                .setSources(List.of("https://example.org")).build());
        for (int i = 0; i < 300; i++) {
            String place = "Place" + Integer.toString(i, 36).replaceAll("[0-9]", "x") + "ville";
            crowded.add(WatchlistEntity.newBuilder().setId("huawei-" + i).setName("Huawei " + place + " Cloud Co., Ltd.")
                    .setAliases(List.of("Huawei " + place)).setRelation(EntityRelation.subsidiary).setParentId("huawei")
                    .setSources(List.of("https://example.org")).build());
        }
        VendorMatcher matcher = new VendorMatcher(crowded);

        // Not the listed name run together, which a lookup of its own finds: only the crowded word leads to it.
        assertThat(matcher.matchName("HUAWEI TECHNOLOGIES (UK) CO LTD")).first().satisfies(match -> {
            assertThat(match.entityId()).isEqualTo("huawei");
            assertThat(match.score()).isGreaterThanOrEqualTo(0.9);
        });
        assertThat(matcher.matchName("Huawei Placebville Cloud Co Ltd")).first().extracting(VendorMatch::entityId).isEqualTo("huawei-11");
    }

    @Test
    void shouldSplitTradingNames() {
        assertThat(matcher.matchName("Anytown Alarms Ltd t/a Dahua Technology UK"))
                .first().extracting(VendorMatch::entityId).isEqualTo("dahua-uk");
    }

    @Test
    void shouldHonourTheDatesOfARelation() {
        var during = new VendorMatcher.Party("Lorex Technology Inc.", List.of(), null, LocalDate.of(2021, 5, 1));
        var after = new VendorMatcher.Party("Lorex Technology Inc.", List.of(), null, LocalDate.of(2022, 11, 25));

        assertThat(matcher.matchParty(during)).first().extracting(VendorMatch::listedEntityId).isEqualTo("dahua");
        assertThat(matcher.matchParty(after)).isEmpty();
    }

    @Test
    void shouldLowerTheScoreWhenTheCountryDiffers() {
        double sameCountry = matcher.matchParty(new VendorMatcher.Party("Hikvision UK", List.of(), "GB", null)).getFirst().score();
        List<VendorMatch> otherCountry = matcher.matchParty(new VendorMatcher.Party("Hikvision UK", List.of(), "FR", null));

        assertThat(otherCountry.stream().filter(m -> m.entityId().equals("hikvision-uk")).findFirst())
                .map(VendorMatch::score).hasValueSatisfying(score -> assertThat(score).isLessThan(sameCountry));
    }

    @Test
    void shouldNotMatchGenericNamesInitialsOrLookAlikes() {
        assertThat(matcher.matchName("Technology Company Limited")).isEmpty();
        assertThat(matcher.matchName("H.K. Vision Ltd")).isEmpty();
        assertThat(matcher.matchName("Dahlia Ltd")).isEmpty();
        assertThat(matcher.matchText("Hiking trips and dahlia beds", null)).isEmpty();
    }

    @Test
    void shouldFindBrandsAndProductCodesInText() {
        List<VendorMatch> matches = matcher.matchText("Supply of EZVIZ doorbells and DS-2CD2047G2-L cameras", null);

        assertThat(matches).extracting(VendorMatch::entityId).containsExactlyInAnyOrder("ezviz", "hikvision");
        assertThat(matches).filteredOn(m -> m.entityId().equals("hikvision")).singleElement()
                .satisfies(m -> {
                    assertThat(m.kind()).isEqualTo(EvidenceKind.PRODUCT_CODE);
                    assertThat(m.matchedText()).isEqualTo("DS-2CD2047G2-L");
                });
        assertThat(matches).filteredOn(m -> m.entityId().equals("ezviz")).singleElement()
                .extracting(VendorMatch::kind).isEqualTo(EvidenceKind.BRAND);
    }

    @Test
    void shouldMatchChineseLegalNamesWhateverTheirLegalForm() {
        assertThat(matcher.matchName("杭州海康威视数字技术有限公司")).first().extracting(VendorMatch::listedEntityId).isEqualTo("hikvision");
        assertThat(matcher.matchName("浙江大华技术股份有限公司")).first().extracting(VendorMatch::listedEntityId).isEqualTo("dahua");
    }

    @Test
    void shouldCompareLegalFormsAsClasses() {
        NameNormalizer.NormalizedName limited = NameNormalizer.normalize("Zhejiang Dahua Technology Company Limited");
        NameNormalizer.NormalizedName ltd = NameNormalizer.normalize("ZHEJIANG DAHUA TECHNOLOGY CO., LTD.");

        assertThat(limited).isEqualTo(ltd);
        assertThat(limited.core()).containsExactly("zhejiang", "dahua", "technology");
    }
}
