package org.procwatch.ingest.poll.whatdotheyknow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.FoiOutcome;

class FoiClassificationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "successful, answered", "partially_successful, answered", "rejected, refused", "not_held, not_held",
            "waiting_response, no_response", "waiting_response_overdue, no_response", "waiting_response_very_overdue, no_response",
            "waiting_clarification, no_response", "internal_review, no_response", "gone_postal, no_response",
            "requires_admin, no_response", "attention_requested, no_response"})
    void shouldMapEveryStateWithAnOutcome(String state, FoiOutcome outcome) {
        assertThat(FoiClassification.outcome(state)).contains(outcome);
    }

    @ParameterizedTest(name = "{0} is skipped")
    @CsvSource({"user_withdrawn", "vexatious", "not_foi", "error_message", "a_theme_state", "''"})
    void shouldSkipStatesThatAreNoAnswer(String state) {
        assertThat(FoiClassification.outcome(state)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "local_council county_council | North Shire Council | local_authority",
            "police_force | West Shire Police | police_force",
            "police | Metro Police Service | police_force",
            "nhstrust | City Hospital NHS Trust | nhs_trust",
            "health_board | Betsi Health Board | nhs_trust",
            "university | University of Exampleton | university",
            "department | Department for Examples | government_department",
            "non_ministerial_department | Examples Agency | government_department",
            "school | Riverside Primary School | primary_school",
            "school | Oakfield Infant School | primary_school",
            "school | Hill Junior School | primary_school",
            "academies | Kingsbridge High School | secondary_school",
            "school | Lowfield Grammar School | secondary_school",
            "school | Upper Vale School | secondary_school",
            "school | Oak Secondary Academy | secondary_school",
            "school | St Mary's School | other",
            "charity | A Charity | other",
            "'' | Harbour Board | other"})
    void shouldTellTheBodyTypeFromTagsAndForSchoolsFromTheName(String tags, String name, BodyType type) {
        List<String> tagList = tags.isBlank() ? List.of() : List.of(tags.split(" "));

        assertThat(FoiClassification.bodyType(tagList, name)).isEqualTo(type);
    }
}
