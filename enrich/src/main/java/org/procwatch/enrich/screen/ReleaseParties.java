package org.procwatch.enrich.screen;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.procwatch.enrich.match.Identifiers;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.Party;

/**
 * The organisations of a compiled release as {@link Party} summaries: an organisation reference
 * ({@code {"id", "name"}}) joined with its entry in {@code parties}, where identifiers live.
 */
final class ReleaseParties {

    private final Map<String, JsonNode> partiesById = new LinkedHashMap<>();

    ReleaseParties(JsonNode compiled) {
        for (JsonNode party : compiled.path("parties")) {
            if (party.hasNonNull("id")) {
                partiesById.put(party.get("id").asText(), party);
            }
        }
    }

    /** The party an organisation reference points at, with its identifiers. */
    Party party(JsonNode reference) {
        String id = text(reference.get("id"));
        JsonNode details = id == null ? null : partiesById.get(id);
        String name = text(reference.get("name"));
        if (name == null && details != null) {
            name = text(details.get("name"));
        }
        List<Identifier> identifiers = new ArrayList<>();
        if (details != null) {
            addIdentifier(details.get("identifier"), identifiers);
            for (JsonNode additional : details.path("additionalIdentifiers")) {
                addIdentifier(additional, identifiers);
            }
        }
        // Many publishers make the party id the org-id itself (GB-COH-08584373).
        Identifiers.parseCombined(id).filter(parsed -> !contains(identifiers, parsed)).ifPresent(identifiers::add);
        return new Party(name, id, identifiers);
    }

    /** The parties with a role, for releases that name them only in {@code parties}. */
    List<Party> withRole(String role) {
        List<Party> found = new ArrayList<>();
        for (JsonNode party : partiesById.values()) {
            for (JsonNode partyRole : party.path("roles")) {
                if (role.equals(partyRole.asText())) {
                    found.add(party(party));
                }
            }
        }
        return found;
    }

    /** The country a party is registered in, when its address says (ISO alpha-2 or a name as published). */
    String country(String partyId) {
        JsonNode details = partyId == null ? null : partiesById.get(partyId);
        return details == null ? null : text(details.path("address").get("countryName"));
    }

    private static void addIdentifier(JsonNode identifier, List<Identifier> into) {
        if (identifier == null) {
            return;
        }
        String scheme = text(identifier.get("scheme"));
        String id = text(identifier.get("id"));
        if (scheme != null && id != null) {
            Identifier parsed = new Identifier(scheme, id);
            if (!contains(into, parsed)) {
                into.add(parsed);
            }
        }
    }

    private static boolean contains(List<Identifier> identifiers, Identifier candidate) {
        String key = Identifiers.key(candidate);
        return identifiers.stream().anyMatch(identifier -> Identifiers.key(identifier).equals(key));
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() || node.asText().isBlank() ? null : node.asText();
    }
}
