package org.procwatch.enrich.screen;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.procwatch.enrich.match.VendorMatch;
import org.procwatch.enrich.match.VendorMatcher;
import org.procwatch.enrich.ownership.OwnershipGraph;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.OwnershipInterest;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.LinkSubject;
import org.procwatch.schemas.avro.ListVersion;
import org.procwatch.schemas.avro.Party;
import org.procwatch.schemas.avro.VendorLink;

/**
 * Screens a compiled contracting process against the watchlist: its suppliers and tenderers by name and
 * identifier, and its titles, descriptions and items for brands, firm names and product codes. Gives one
 * vendor link per watchlist entity found; {@link AlertLifecycle} compares them with those published before.
 */
public final class ContractScreening {

    /** How much one step of ownership lowers a score: a direct owner's match at 0.95 of its own, its owner's at 0.90. */
    static final double OWNERSHIP_STEP = 0.95;

    private ContractScreening() {
    }

    /** One match with where it was found. */
    private record Found(VendorMatch match, String field, String role, String partyName) {
    }

    /**
     * @param compiled  the contract's compiled release, as a tree
     * @param ownership who owns whom, for suppliers and tenderers owned by a listed firm or its subsidiaries
     * @param at        when the screening happens, stamped on the links
     * @return one link per watchlist entity found; {@link AlertLifecycle} makes the alerts of them
     */
    public static List<VendorLink> screen(CompiledContract contract, JsonNode compiled, VendorMatcher matcher, OwnershipGraph ownership, Instant at) {
        LocalDate date = date(contract.getLastReleaseDate());
        List<Found> found = new ArrayList<>();
        screenParties(contract.getSuppliers(), "supplier", "awards.suppliers", matcher, ownership, date, found);
        screenParties(contract.getTenderers(), "tenderer", "tender.tenderers", matcher, ownership, date, found);
        for (Map.Entry<String, String> text : texts(compiled).entrySet()) {
            for (VendorMatch match : matcher.matchText(text.getValue(), date)) {
                found.add(new Found(match, text.getKey(), "item", null));
            }
        }
        return links(contract.getOcid(), found, at);
    }

    private static void screenParties(List<Party> parties, String role, String field, VendorMatcher matcher, OwnershipGraph ownership,
                                      LocalDate date, List<Found> found) {
        for (Party party : parties) {
            String where = field + (party.getPartyId() == null ? "" : "[" + party.getPartyId() + "]");
            for (VendorMatch match : matcher.matchParty(new VendorMatcher.Party(party.getName(), party.getIdentifiers(), null, date))) {
                found.add(new Found(match, where, role, party.getName()));
            }
            for (OwnershipGraph.Owner owner : ownership.ownersOf(party.getName(), party.getIdentifiers())) {
                OwnershipStatement entity = owner.entity();
                for (VendorMatch match : matcher.matchParty(new VendorMatcher.Party(entity.getName(), entity.getIdentifiers(), null, date))) {
                    found.add(new Found(ownedBy(party, owner, match), where, role, party.getName()));
                }
            }
        }
    }

    /** A party owned, directly or up a chain, by a watchlist entity: the owner's match, seen from the party. */
    private static VendorMatch ownedBy(Party party, OwnershipGraph.Owner owner, VendorMatch ownerMatch) {
        List<String> chain = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (OwnershipStatement step : owner.path()) {
            chain.add(step.getStatementId());
            names.add(step.getName() == null ? step.getStatementId() : step.getName());
        }
        chain.addAll(ownerMatch.chain());
        String interests = owner.interests().stream().map(ContractScreening::describe).collect(Collectors.joining(", "));
        String explanation = String.join(" is owned or controlled by ", names)
                + (interests.isEmpty() ? "" : " (" + interests + ")") + "; " + ownerMatch.explanation();
        // Each step of ownership is a little less certain than the match of the owner itself.
        double score = ownerMatch.score() * Math.pow(OWNERSHIP_STEP, owner.path().size() - 1);
        return new VendorMatch(ownerMatch.entityId(), ownerMatch.entityName(), ownerMatch.listedEntityId(), ownerMatch.listedEntityName(),
                "owned-by", ownerMatch.lists(), ownerMatch.listVersions(), score, EvidenceKind.OWNERSHIP_CHAIN, party.getName(), owner.entity().getName(),
                explanation, chain);
    }

    private static String describe(OwnershipInterest interest) {
        String share = interest.getShareExact() != null ? String.format(" %.0f%%", interest.getShareExact())
                : interest.getShareMinimum() != null ? String.format(" %.0f-%.0f%%", interest.getShareMinimum(),
                        interest.getShareMaximum() == null ? 100.0 : interest.getShareMaximum()) : "";
        return interest.getType() + share;
    }

    /** One link per entity, its evidence strongest first; the role and party of its strongest evidence. */
    private static List<VendorLink> links(String ocid, List<Found> found, Instant at) {
        Map<String, List<Found>> byEntity = new LinkedHashMap<>();
        for (Found one : found) {
            byEntity.computeIfAbsent(one.match.entityId(), id -> new ArrayList<>()).add(one);
        }
        List<VendorLink> links = new ArrayList<>();
        for (List<Found> forEntity : byEntity.values()) {
            forEntity.sort(Comparator.comparingDouble((Found f) -> f.match.score()).reversed());
            Found strongest = forEntity.getFirst();
            Set<String> lists = new LinkedHashSet<>();
            Map<String, ListVersion> versions = new LinkedHashMap<>();
            List<Evidence> evidence = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Found one : forEntity) {
                lists.addAll(one.match.lists());
                one.match.listVersions().forEach(version -> versions.putIfAbsent(version.getName(), version));
                if (seen.add(one.field + "|" + one.match.matchedText() + "|" + one.match.matchedAgainst())) {
                    evidence.add(evidence(one));
                }
            }
            VendorMatch match = strongest.match;
            links.add(VendorLink.newBuilder()
                    .setSubjectType(LinkSubject.CONTRACT)
                    .setSubjectId(ocid)
                    .setEntityId(match.entityId())
                    .setEntityName(match.entityName())
                    .setListedEntityId(match.listedEntityId())
                    .setListedEntityName(match.listedEntityName())
                    .setRelation(match.relation())
                    .setRole(strongest.role)
                    .setPartyName(strongest.partyName)
                    .setLists(new ArrayList<>(lists))
                    .setListVersions(new ArrayList<>(versions.values()))
                    .setScore(match.score())
                    .setEvidence(evidence)
                    .setLinkedAt(at)
                    .build());
        }
        return links;
    }

    private static Evidence evidence(Found found) {
        VendorMatch match = found.match;
        return Evidence.newBuilder()
                .setKind(match.kind())
                .setField(found.field)
                .setMatchedText(match.matchedText())
                .setMatchedAgainst(match.matchedAgainst())
                .setScore(match.score())
                .setExplanation(match.explanation())
                .setChain(match.chain())
                .build();
    }

    /** The free text of a compiled release, by where it stands. */
    private static Map<String, String> texts(JsonNode compiled) {
        Map<String, String> texts = new LinkedHashMap<>();
        JsonNode tender = compiled.path("tender");
        put(texts, "tender.title", tender.get("title"));
        put(texts, "tender.description", tender.get("description"));
        items(texts, "tender.items", tender.path("items"));
        int lot = 0;
        for (JsonNode each : tender.path("lots")) {
            put(texts, "tender.lots[" + lot + "].title", each.get("title"));
            put(texts, "tender.lots[" + lot++ + "].description", each.get("description"));
        }
        for (String list : List.of("awards", "contracts")) {
            int i = 0;
            for (JsonNode each : compiled.path(list)) {
                String at = list + "[" + i++ + "]";
                put(texts, at + ".title", each.get("title"));
                put(texts, at + ".description", each.get("description"));
                items(texts, at + ".items", each.path("items"));
            }
        }
        return texts;
    }

    private static void items(Map<String, String> texts, String at, JsonNode items) {
        int i = 0;
        for (JsonNode item : items) {
            put(texts, at + "[" + i++ + "].description", item.get("description"));
        }
    }

    private static void put(Map<String, String> texts, String field, JsonNode text) {
        String value = ReleaseParties.text(text);
        if (value != null) {
            texts.put(field, value);
        }
    }

    /** The day a contract is screened for: its last release's date (the relations that held then), or null when it has none. */
    public static LocalDate date(String date) {
        if (date == null || date.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(date.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
