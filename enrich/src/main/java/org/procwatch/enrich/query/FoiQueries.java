package org.procwatch.enrich.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.procwatch.enrich.topology.EnrichTopology;
import org.procwatch.enrich.topology.FoiFact;
import org.procwatch.enrich.topology.FoiSummaryRow;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.name.NameNormalizer;

/**
 * The FOI answers as the HTTP API shows them (CONTRACTS section 2): each request's answer, the summary per
 * body type, and each body with its answers and its contracts linked to listed firms, where a body that
 * answered "no" to a firm but holds a contract linked to that firm is a contradiction. A body finds its
 * contracts by its name, compared as the matcher compares names: FOI bodies carry no identifier to join on.
 */
public final class FoiQueries {

    /** The firms an FOI answer is about. */
    private static final List<String> FIRMS = List.of("hikvision", "dahua");
    /**
     * Links that make a contract the firm's equipment, and so contradict a "no": the firm itself, a subsidiary, a
     * brand, a supplier it owns, an OEM of it. A distributor, a parent or an affiliate need not sell its equipment.
     */
    private static final Set<String> EQUIPMENT_RELATIONS = Set.of("listed", "subsidiary", "brand", "owned-by", "oem");

    /** Questions that read every alert of every instance, answered at once; more wait their turn. */
    static final int GATHERS_AT_ONCE = 2;

    private final StateStores stores;
    private final GatherLimit gathers = GatherLimit.of(GATHERS_AT_ONCE, Duration.ofSeconds(5));

    FoiQueries(StateStores stores) {
        this.stores = stores;
    }

    /** The FOI responses of the body with this name: how a contract's buyer answered. */
    public List<JsonNode> responsesOf(String bodyName, boolean localOnly) {
        String key = NameNormalizer.key(bodyName);
        if (key == null) {
            return List.of();
        }
        String path = "/api/foi/responses?body=" + URLEncoder.encode(bodyName, StandardCharsets.UTF_8);
        return stores.gather(EnrichTopology.FOI_FACTS_STORE, localOnly, path,
                store -> stores.<FoiFact>localRows(store, fact -> key.equals(fact.bodyKey()), fact -> fact));
    }

    /** Requests by body name, then request id. */
    private static final Comparator<FoiFact> BY_BODY = Comparator.comparing((FoiFact fact) -> fact.bodyName() == null ? "" : fact.bodyName())
            .thenComparing(fact -> fact.requestId() == null ? "" : fact.requestId());

    /** Every request's answer, by body name: what {@link #bodies} joins. */
    List<JsonNode> requests(String bodyType, Boolean using) {
        return requests(bodyType, using, Integer.MAX_VALUE, false);
    }

    /**
     * The requests' answers ({@code /api/foi/requests}), by body name, then request id: the first {@code limit} of
     * them. Each request is on one instance, so each is asked for its first {@code limit} only.
     *
     * @param bodyType only bodies of this type, when given
     * @param using    only bodies that do (true) or do not (false) count as using a listed firm's equipment, when given
     */
    public List<JsonNode> requests(String bodyType, Boolean using, int limit, boolean localOnly) {
        List<String> parameters = new ArrayList<>();
        parameters.add("limit=" + limit);
        if (bodyType != null) {
            parameters.add("bodyType=" + URLEncoder.encode(bodyType, StandardCharsets.UTF_8));
        }
        if (using != null) {
            parameters.add("using=" + using);
        }
        String path = "/api/foi/requests?" + String.join("&", parameters);
        List<JsonNode> rows = new ArrayList<>(stores.gather(EnrichTopology.FOI_FACTS_STORE, localOnly, path, store -> stores.<FoiFact>firstRows(
                store, fact -> (bodyType == null || bodyType.equals(fact.bodyType())) && (using == null || using == fact.using()), BY_BODY,
                limit, FoiQueries::request)));
        rows.sort(Comparator.comparing((JsonNode row) -> text(row, "bodyName")).thenComparing(row -> text(row, "requestId")));
        return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
    }

    /** A row's field as {@link #BY_BODY} orders it: its text, or empty when null. */
    private static String text(JsonNode row, String field) {
        JsonNode value = row.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    private static Map<String, Object> request(FoiFact fact) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("requestId", fact.requestId());
        view.put("bodyName", fact.bodyName());
        view.put("bodyType", fact.bodyType());
        view.put("outcome", fact.outcome());
        view.put("hikvision", fact.hikvision() == null ? "unknown" : fact.hikvision());
        view.put("dahua", fact.dahua() == null ? "unknown" : fact.dahua());
        view.put("using", fact.using());
        view.put("evidence", fact.evidence());
        // Facts kept before the source was recorded all came from tables.
        view.put("source", fact.source() == null ? "file" : fact.source());
        view.put("sourceUrl", fact.sourceUrl());
        return view;
    }

    /**
     * Each FOI body with its answers and the contracts it bought that are linked to listed firms, those that
     * contradict the body's own answer first. The contracts are found among every alert of every instance, so each
     * instance is asked only for the few fields a body's entry shows, of its alerts about a named buyer (the one
     * asked for, when given); and as each such question reads every alert, only {@link #GATHERS_AT_ONCE} run at once.
     * (The body type is the FOI answer's, told from the body's own tags; a contract's buyer is typed apart, from the
     * release, so the contracts are not filtered by it.)
     *
     * @param bodyType           only bodies of this type, when given
     * @param body               only the body with this name (compared as names are), when given
     * @param contradictionsOnly only bodies whose contracts contradict their answers
     * @param localOnly          this instance's alerts about buyers, as contract links, instead: another instance's part
     */
    public List<JsonNode> bodies(String bodyType, String body, boolean contradictionsOnly, boolean localOnly) {
        String only = body == null ? null : NameNormalizer.key(body);
        if (localOnly) {
            return contractLinks(EnrichTopology.ALERTS_STORE, only);
        }
        Map<String, ObjectNode> bodies = new LinkedHashMap<>();
        for (JsonNode request : requests(bodyType, null)) {
            String key = NameNormalizer.key(request.path("bodyName").asText());
            if (key == null || only != null && !only.equals(key)) {
                continue;
            }
            ObjectNode entry = bodies.computeIfAbsent(key, k -> newBody(request));
            ((ArrayNode) entry.get("answers")).add(request);
        }
        if (bodies.isEmpty()) {
            return List.of();
        }
        String path = "/api/foi/bodies" + (body == null ? "" : "?body=" + URLEncoder.encode(body, StandardCharsets.UTF_8));
        for (JsonNode link : gathers.run(() -> stores.gather(EnrichTopology.ALERTS_STORE, false, path, store -> contractLinks(store, only)))) {
            ObjectNode entry = bodies.get(link.path("buyerKey").asText());
            if (entry != null) {
                addContract(entry, link);
            }
        }
        List<JsonNode> answer = new ArrayList<>();
        for (ObjectNode entry : bodies.values()) {
            Set<String> contradicts = contradictions(entry);
            entry.put("contradiction", !contradicts.isEmpty());
            entry.set("contradicts", StateStores.JSON.valueToTree(contradicts));
            if (!contradictionsOnly || !contradicts.isEmpty()) {
                answer.add(entry);
            }
        }
        answer.sort(Comparator.comparing((JsonNode entry) -> !entry.path("contradiction").asBoolean())
                .thenComparing(entry -> -entry.path("contracts").size())
                .thenComparing(entry -> entry.path("bodyName").asText()));
        return answer;
    }

    /** This instance's alerts about a named buyer (with this name key, when given), as what a body's entry shows. */
    private List<JsonNode> contractLinks(String alertsStore, String bodyKey) {
        return stores.localRows(alertsStore, (Alert alert) -> {
            String buyerKey = alert.getBuyer() == null ? null : NameNormalizer.key(alert.getBuyer());
            return buyerKey != null && (bodyKey == null || bodyKey.equals(buyerKey));
        }, FoiQueries::contractLink);
    }

    /** What a body's entry shows of an alert: its contract and the link it rests on, with the buyer's name as a key. */
    private static Map<String, Object> contractLink(Alert alert) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("buyerKey", NameNormalizer.key(alert.getBuyer()));
        link.put("ocid", alert.getOcid());
        link.put("value", alert.getValue());
        link.put("currency", alert.getCurrency());
        link.put("sourceUrl", alert.getSourceUrl());
        link.put("alertId", alert.getAlertId());
        link.put("listedEntityId", alert.getListedEntityId());
        link.put("listedEntity", alert.getListedEntity());
        link.put("supplier", alert.getSupplier());
        link.put("relation", alert.getRelation());
        return link;
    }

    private static ObjectNode newBody(JsonNode request) {
        ObjectNode entry = StateStores.JSON.createObjectNode();
        entry.put("bodyName", request.path("bodyName").asText());
        entry.put("bodyType", request.path("bodyType").asText());
        entry.putArray("answers");
        entry.putArray("contracts");
        return entry;
    }

    /** The link's contract on the body's list (once per ocid), with the listed firm it is linked to. */
    private static void addContract(ObjectNode entry, JsonNode link) {
        ArrayNode contracts = (ArrayNode) entry.get("contracts");
        ObjectNode contract = null;
        for (JsonNode existing : contracts) {
            if (existing.path("ocid").asText().equals(link.path("ocid").asText())) {
                contract = (ObjectNode) existing;
            }
        }
        if (contract == null) {
            contract = contracts.addObject();
            contract.put("ocid", link.path("ocid").asText());
            contract.set("value", link.path("value"));
            contract.set("currency", link.path("currency"));
            contract.set("sourceUrl", link.path("sourceUrl"));
            contract.putArray("links");
        }
        ObjectNode linked = ((ArrayNode) contract.get("links")).addObject();
        linked.put("alertId", link.path("alertId").asText());
        linked.put("listedEntityId", link.path("listedEntityId").asText());
        linked.put("listedEntity", link.path("listedEntity").asText());
        linked.set("supplier", link.path("supplier"));
        linked.put("relation", link.path("relation").asText());
    }

    /** The firms the body said it does not use, in an answer, yet holds a contract for the equipment of. */
    private static Set<String> contradictions(JsonNode entry) {
        Set<String> contradicts = new LinkedHashSet<>();
        for (String firm : FIRMS) {
            boolean deniedIt = false;
            for (JsonNode answer : entry.path("answers")) {
                deniedIt |= answer.path("outcome").asText().equals("answered") && answer.path(firm).asText().equals("no");
            }
            if (!deniedIt) {
                continue;
            }
            for (JsonNode contract : entry.path("contracts")) {
                for (JsonNode link : contract.path("links")) {
                    if (link.path("listedEntityId").asText().equals(firm) && EQUIPMENT_RELATIONS.contains(link.path("relation").asText())) {
                        contradicts.add(firm);
                    }
                }
            }
        }
        return contradicts;
    }

    /**
     * The FOI summary (CONTRACTS section 5): a row per body type that has responses, then the row of all
     * bodies; {@code share} is using / answered.
     */
    public List<JsonNode> summary(boolean localOnly) {
        List<JsonNode> parts = stores.gather(EnrichTopology.FOI_SUMMARY_STORE, localOnly, "/api/foi/summary",
                store -> stores.<FoiSummaryRow>localRows(store, row -> row.requests() > 0, row -> row));
        if (localOnly) {
            return parts;
        }
        List<FoiSummaryRow> rows = new ArrayList<>();
        for (JsonNode part : parts) {
            rows.add(new FoiSummaryRow(part.path("bodyType").asText(), part.path("requests").asLong(), part.path("answered").asLong(),
                    part.path("using").asLong()));
        }
        rows.sort(Comparator.comparing(FoiSummaryRow::bodyType));
        FoiSummaryRow all = new FoiSummaryRow("all", 0, 0, 0);
        List<JsonNode> answer = new ArrayList<>();
        for (FoiSummaryRow row : rows) {
            answer.add(summaryRow(row));
            all = all.add("all", row);
        }
        answer.add(summaryRow(all));
        return answer;
    }

    private static JsonNode summaryRow(FoiSummaryRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("bodyType", row.bodyType());
        view.put("requests", row.requests());
        view.put("answered", row.answered());
        view.put("using", row.using());
        view.put("share", row.share());
        return StateStores.JSON.valueToTree(view);
    }
}
