package org.procwatch.enrich.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.procwatch.enrich.ownership.Statements.company;
import static org.procwatch.enrich.ownership.Statements.owned;
import static org.procwatch.enrich.ownership.Statements.owns;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.OwnershipStatement;

class OwnershipGraphTest {

    private final OwnershipGraph graph = new OwnershipGraph(List.of(
            company("e-acme", "Acme Security Systems Ltd", "01234568"),
            company("e-hold", "Northgate Holdings Ltd", "07654321"),
            company("e-top", "Hikvision UK Limited", "08584373"),
            company("e-old", "Former Owner plc", "00000042"),
            owns("r1", "e-hold", "e-acme", 100),
            owns("r2", "e-top", "e-hold", 75),
            owns("r3", "e-acme", "e-top", 1),
            owned("r4", "e-old", "e-acme", "2020-01-01")));

    @Test
    void shouldFollowTheChainUpwardsNearestFirstWithCompanyNumbersWithoutLeadingZeros() {
        List<OwnershipGraph.Owner> owners = graph.ownersOf("whatever", List.of(new Identifier("GB-COH", "1234568")));

        assertThat(owners).extracting(owner -> owner.entity().getStatementId()).containsExactly("e-hold", "e-top");
        assertThat(owners.getLast().path()).extracting(OwnershipStatement::getStatementId).containsExactly("e-acme", "e-hold", "e-top");
        assertThat(owners.getLast().interests()).singleElement().satisfies(interest -> assertThat(interest.getShareExact()).isEqualTo(75.0));
    }

    @Test
    void shouldNotFollowInterestsThatHaveEndedNorGoRoundACycle() {
        List<OwnershipGraph.Owner> owners = graph.ownersOf(null, List.of(new Identifier("GB-COH", "01234568")));

        assertThat(owners).extracting(owner -> owner.entity().getStatementId()).doesNotContain("e-old", "e-acme");
    }

    @Test
    void shouldFindACompanyByItsExactNameOnlyWhenThePartyHasNoIdentifier() {
        assertThat(graph.ownersOf("ACME Security Systems Limited", List.of())).isNotEmpty();
        assertThat(graph.ownersOf("ACME Security Systems Limited", List.of(new Identifier("GB-COH", "99999999")))).isEmpty();
        assertThat(graph.ownersOf("Acme Security", List.of())).isEmpty();
    }
}
