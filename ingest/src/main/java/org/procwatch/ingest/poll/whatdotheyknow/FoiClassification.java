package org.procwatch.ingest.poll.whatdotheyknow;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.FoiOutcome;

/**
 * What an Alaveteli request's state and its body's tags mean for procwatch (CONTRACTS section 5): the
 * outcome of a request, or that it is no FOI answer at all and is skipped; the kind of body.
 */
final class FoiClassification {

    private static final Set<String> ANSWERED = Set.of("successful", "partially_successful");
    /** States in which no final answer has come, or the request is still being handled. */
    private static final Set<String> NO_RESPONSE = Set.of("waiting_response", "waiting_response_overdue", "waiting_response_very_overdue",
            "waiting_clarification", "internal_review", "gone_postal", "requires_admin", "attention_requested");
    private static final Set<String> NHS_TAGS = Set.of("nhstrust", "nhs", "nhs_trust", "nhsfoundationtrust", "foundation_trust",
            "ambulance_trust", "mental_health_trust", "health_board", "ccg", "icb", "nhs_england", "nhs_scotland", "nhs_wales");
    private static final Set<String> DEPARTMENT_TAGS = Set.of("department", "non_ministerial_department", "ministerial_department",
            "executive_agency");
    private static final Set<String> SCHOOL_TAGS = Set.of("school", "schools", "academies", "academy", "primary_school", "secondary_school");
    private static final Pattern PRIMARY = Pattern.compile("(?i)\\b(?:primary|infants?|junior|first school|nursery and infant)\\b");
    private static final Pattern SECONDARY = Pattern.compile("(?i)\\b(?:secondary|high|grammar|upper|senior|comprehensive)\\b");

    private FoiClassification() {
    }

    /**
     * The outcome of a request in this {@code described_state}; empty for one that is no answer to count
     * (withdrawn, vexatious, not an FOI request, an error message) or a state procwatch does not know.
     */
    static Optional<FoiOutcome> outcome(String describedState) {
        String state = describedState == null ? "" : describedState;
        if (ANSWERED.contains(state)) {
            return Optional.of(FoiOutcome.answered);
        }
        if (state.equals("rejected")) {
            return Optional.of(FoiOutcome.refused);
        }
        if (state.equals("not_held")) {
            return Optional.of(FoiOutcome.not_held);
        }
        return NO_RESPONSE.contains(state) ? Optional.of(FoiOutcome.no_response) : Optional.empty();
    }

    /** The kind of body its tags say, and for a school its name: "primary", "infant", "junior" or "secondary", "high" ... */
    static BodyType bodyType(List<String> tags, String name) {
        Set<String> lower = tags.stream().map(tag -> tag.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (lower.contains("police_force") || lower.contains("police")) {
            return BodyType.police_force;
        }
        if (lower.stream().anyMatch(NHS_TAGS::contains)) {
            return BodyType.nhs_trust;
        }
        if (lower.contains("university")) {
            return BodyType.university;
        }
        if (lower.stream().anyMatch(SCHOOL_TAGS::contains)) {
            if (PRIMARY.matcher(name).find()) {
                return BodyType.primary_school;
            }
            return SECONDARY.matcher(name).find() ? BodyType.secondary_school : BodyType.other;
        }
        if (lower.stream().anyMatch(DEPARTMENT_TAGS::contains)) {
            return BodyType.government_department;
        }
        return lower.contains("local_council") ? BodyType.local_authority : BodyType.other;
    }
}
