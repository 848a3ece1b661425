package org.procwatch.launcher.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.NotFoundResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.ReviewDecision;

/**
 * A {@code POST /api/reviews} body made into a review (CONTRACTS section 2): checked, and with the evidence of the
 * links it judges as they stand, so that a false positive holds only until the link has more evidence than the
 * analyst saw.
 */
final class ReviewRequests {

    /** Reviews are a few lines from a person; anything bigger is not one. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_NOTE_CHARS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReviewRequests() {
    }

    /** What a request asks to review, checked; {@link IllegalArgumentException} (400) saying what is wrong. */
    record Request(String ocid, String entityId, ReviewDecision decision, String note) {
    }

    static Request parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("a review is at most " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body is not JSON: {\"ocid\", \"entityId\", \"decision\", \"note\"}");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object: {\"ocid\", \"entityId\", \"decision\", \"note\"}");
        }
        String ocid = requiredText(json, "ocid");
        String entityId = requiredText(json, "entityId");
        String decision = requiredText(json, "decision");
        ReviewDecision parsed = switch (decision) {
            case "false_positive" -> ReviewDecision.false_positive;
            case "confirmed" -> ReviewDecision.confirmed;
            default -> throw new IllegalArgumentException("decision must be false_positive or confirmed");
        };
        JsonNode note = json.get("note");
        if (note != null && !note.isNull() && !note.isTextual()) {
            throw new IllegalArgumentException("note must be text");
        }
        String text = note == null || note.isNull() ? null : note.asText();
        if (text != null && text.length() > MAX_NOTE_CHARS) {
            throw new IllegalArgumentException("note is at most " + MAX_NOTE_CHARS + " characters");
        }
        return new Request(ocid, entityId, parsed, text);
    }

    /**
     * The review, with the evidence of every link of the process to the entity (or to the listed firm, when the
     * entity is one); 404 when the process has no such link.
     *
     * @param contract the process as {@code /api/contracts/{ocid}} gives it
     */
    static Review review(Request request, Optional<JsonNode> contract, String reviewer, Instant now) {
        JsonNode found = contract.orElseThrow(() -> new NotFoundResponse("no contracting process " + request.ocid() + " is known"));
        List<Evidence> evidence = new ArrayList<>();
        boolean linked = false;
        for (JsonNode link : found.path("vendorLinks")) {
            if (request.entityId().equals(link.path("entityId").asText()) || request.entityId().equals(link.path("listedEntityId").asText())) {
                linked = true;
                link.path("evidence").forEach(each -> evidence.add(evidence(each)));
            }
        }
        if (!linked) {
            throw new NotFoundResponse("contracting process " + request.ocid() + " has no link to " + request.entityId());
        }
        return Review.newBuilder()
                .setReviewId(UUID.randomUUID().toString())
                .setOcid(request.ocid())
                .setEntityId(request.entityId())
                .setDecision(request.decision())
                .setNote(request.note())
                .setReviewer(reviewer)
                .setReviewedAt(now)
                .setEvidence(evidence)
                .build();
    }

    private static Evidence evidence(JsonNode view) {
        List<String> chain = new ArrayList<>();
        view.path("chain").forEach(id -> chain.add(id.asText()));
        EvidenceKind kind;
        try {
            kind = EvidenceKind.valueOf(view.path("kind").asText());
        } catch (IllegalArgumentException e) {
            kind = EvidenceKind.OTHER;
        }
        return Evidence.newBuilder()
                .setKind(kind)
                .setField(textOrNull(view, "field"))
                .setMatchedText(textOrNull(view, "matchedText"))
                .setMatchedAgainst(textOrNull(view, "matchedAgainst"))
                .setScore(view.path("score").asDouble())
                .setExplanation(view.path("explanation").asText(""))
                .setChain(chain)
                .build();
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required (text)");
        }
        return value.asText();
    }

    private static String textOrNull(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
