package org.procwatch.enrich.buyer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.Identifier;

class BodyTypeClassifierTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Riverside Academy | secondary_school",
            "St Mary's Church of England Primary School | primary_school",
            "Oakfield Infant School | primary_school",
            "Northshire Learning Academy Trust | secondary_school",
            "Kingsbridge Grammar School | secondary_school",
            "Anytown Borough Council | local_authority",
            "London Borough of Hackney | local_authority",
            "West Midlands Combined Authority | local_authority",
            "Northshire Police | police_force",
            "Office of the Police and Crime Commissioner for Northshire | police_force",
            "Avon and Somerset Constabulary | police_force",
            "St Elsewhere NHS Foundation Trust | nhs_trust",
            "University Hospitals of Northshire NHS Trust | nhs_trust",
            "University of Northshire | university",
            "Ministry of Justice | government_department",
            "Department for Education | government_department",
            "Home Office | government_department",
            "Crown Commercial Service | government_department",
            "Acme Housing Association | other"})
    void shouldClassifyBuyersByName(String name, BodyType expected) {
        assertThat(BodyTypeClassifier.classify(name, List.of())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "GB-NHS | RX1 | nhs_trust",
            "GB-LAE | HCK | local_authority",
            "GB-GOR | D12 | government_department"})
    void shouldPreferTheRegisterAnIdentifierComesFrom(String scheme, String id, BodyType expected) {
        assertThat(BodyTypeClassifier.classify("Some Body", List.of(new Identifier(scheme, id)))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void shouldFallBackToTheNameWhenTheIdentifierIsAGeneralRegister() {
        assertThat(BodyTypeClassifier.classify("Riverside Academy", List.of(new Identifier("GB-COH", "08584373"))))
                .isEqualTo(BodyType.secondary_school);
    }
}
