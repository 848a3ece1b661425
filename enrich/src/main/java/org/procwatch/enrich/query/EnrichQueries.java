package org.procwatch.enrich.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.procwatch.enrich.topology.EnrichTopology;
import org.procwatch.enrich.topology.ProcessKeys;
import org.procwatch.enrich.topology.Exposure;
import org.procwatch.enrich.topology.StoredProcesses;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.AlertStatus;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.view.AlertView;

/**
 * Answers the HTTP API's questions from the enrich app's state stores (CONTRACTS section 2). A key held by
 * another instance is fetched from it; a table spread over instances is gathered from all of them. While
 * the app starts or rebalances, queries fail with {@link QueryUnavailableException} (HTTP 503).
 */
public final class EnrichQueries {

    private static final ObjectMapper JSON = StateStores.JSON;

    private final StateStores stores;
    private final KafkaStreams streams;
    private final HostInfo self;
    private final RemoteQueries remote;
    private final FoiQueries foi;

    /**
     * @param self   this instance's HTTP address, as given to Kafka Streams in {@code application.server}
     * @param remote how other instances are asked
     */
    public EnrichQueries(KafkaStreams streams, HostInfo self, RemoteQueries remote) {
        this.stores = new StateStores(streams, self, remote);
        this.streams = streams;
        this.self = self;
        this.remote = remote;
        this.foi = new FoiQueries(stores);
    }

    /** The FOI answers: per request, per body with its contracts, and the summary. */
    public FoiQueries foi() {
        return foi;
    }

    /** The compiled release of a contracting process with its vendor links; empty when unknown. */
    public Optional<JsonNode> contract(String ocid, boolean localOnly) {
        stores.requireRunning();
        KeyQueryMetadata owner = streams.queryMetadataForKey(EnrichTopology.PROCESSES_STORE, ocid, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new QueryUnavailableException("no instance holds the contracts yet");
        }
        if (!localOnly && !owner.activeHost().equals(self)) {
            return remote.get(owner.activeHost(), "/api/contracts/" + URLEncoder.encode(ocid, StandardCharsets.UTF_8));
        }
        ReadOnlyKeyValueStore<String, byte[]> processes = stores.store(EnrichTopology.PROCESSES_STORE);
        byte[] stored = processes.get(ocid);
        if (stored == null) {
            return Optional.empty();
        }
        CompiledContract contract = StoredProcesses.contract(ocid, stored);
        ReadOnlyKeyValueStore<String, VendorLink> linkStore = stores.store(EnrichTopology.LINKS_STORE);
        List<Map<String, Object>> links = ProcessKeys.valuesOf(linkStore, ocid, VendorLink::getSubjectId).stream()
                .map(EnrichQueries::link).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ocid", ocid);
        answer.put("buyer", contract.getBuyer() == null ? null : contract.getBuyer().getName());
        answer.put("bodyType", contract.getBodyType().name());
        answer.put("title", contract.getTitle());
        answer.put("value", contract.getValueAmount());
        answer.put("currency", contract.getValueCurrency());
        answer.put("releaseCount", contract.getReleaseCount());
        answer.put("compiledRelease", parse(contract.getCompiledReleaseJson()));
        answer.put("vendorLinks", links);
        answer.put("buyerFoiResponses", contract.getBuyer() == null ? List.of() : foi.responsesOf(contract.getBuyer().getName(), false));
        return Optional.of(JSON.valueToTree(answer));
    }

    /**
     * Alerts, newest first, from every instance.
     *
     * @param since    only alerts raised at or after this time, when given
     * @param entity   only alerts about this listed firm (id or name, any case), when given
     * @param bodyType only alerts about buyers of this body type, when given
     * @param status   only alerts of this status, or null for both
     */
    public List<JsonNode> alerts(Instant since, int limit, String entity, String bodyType, AlertStatus status, boolean localOnly) {
        // Each instance holds its own alerts, none another's: the newest `limit` of all are among each one's newest
        // `limit`, so that is all each is asked for, and all this one keeps of its own while it reads them.
        List<JsonNode> alerts = stores.gather(EnrichTopology.ALERTS_STORE, localOnly, "/api/alerts?limit=" + limit
                + (since == null ? "" : "&since=" + since) + param("entity", entity) + param("bodyType", bodyType)
                + "&status=" + (status == null ? "all" : status.name()),
                store -> NewestAlerts.of(stores, alert -> (since == null || !alert.getCreatedAt().isBefore(since))
                        && (status == null || alert.getStatus() == status) && matches(alert, entity, bodyType), limit).stream()
                        .<JsonNode>map(alert -> StateStores.JSON.valueToTree(AlertView.of(alert))).toList());
        alerts.sort(Comparator.comparing((JsonNode alert) -> Instant.parse(alert.path("createdAt").asText())).reversed()
                .thenComparing(alert -> alert.path("alertId").asText()));
        return alerts.size() > limit ? new ArrayList<>(alerts.subList(0, limit)) : alerts;
    }

    /**
     * The analysts' reviews, newest first: all of them, or those of one contracting process. Every instance holds
     * them all (a global store), so no other is asked.
     */
    public List<JsonNode> reviews(String ocid, int limit) {
        stores.requireRunning();
        ReadOnlyKeyValueStore<String, Review> store = stores.store(EnrichTopology.REVIEWS_STORE);
        List<Review> found = new ArrayList<>();
        if (ocid != null) {
            found.addAll(ProcessKeys.valuesOf(store, ocid, Review::getOcid));
        } else {
            try (KeyValueIterator<String, Review> all = store.all()) {
                all.forEachRemaining(entry -> {
                    if (entry.value != null) {
                        found.add(entry.value);
                    }
                });
            }
        }
        return found.stream()
                .sorted(Comparator.comparing(Review::getReviewedAt).thenComparing(Review::getReviewId).reversed())
                .limit(limit)
                .<JsonNode>map(review -> JSON.valueToTree(reviewView(review)))
                .toList();
    }

    private static Map<String, Object> reviewView(Review review) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reviewId", review.getReviewId());
        view.put("ocid", review.getOcid());
        view.put("entityId", review.getEntityId());
        view.put("decision", review.getDecision().name());
        view.put("note", review.getNote());
        view.put("reviewer", review.getReviewer());
        view.put("reviewedAt", review.getReviewedAt().toString());
        view.put("evidence", AlertView.evidence(review.getEvidence()));
        return view;
    }

    /** Exposure rows, most contracts first; of as many, by key. */
    private static final Comparator<Exposure> MOST_FIRST = Comparator.comparingLong(Exposure::contracts).reversed()
            .thenComparing(Exposure::key);

    /**
     * Per buyer (of one body type, when given): how many alerted processes, and their total value; most first. Each
     * buyer's row is whole on one instance, so each is asked for its first {@code limit} only.
     */
    public List<JsonNode> exposureByBuyer(String bodyType, int limit, boolean localOnly) {
        return exposure(EnrichTopology.EXPOSURE_BY_BUYER_STORE, "/api/exposure/buyers", "buyer", bodyType, limit, localOnly);
    }

    /**
     * Per listed firm: how many processes were alerted about it (of buyers of one body type, when given), and their
     * total value; most first. A firm has a row per body type of its buyers, each on the instance of its key: asked for
     * one body type, each instance gives its first {@code limit}; for all, every row, to be taken together here.
     */
    public List<JsonNode> exposureByEntity(String bodyType, int limit, boolean localOnly) {
        return exposure(EnrichTopology.EXPOSURE_BY_ENTITY_STORE, "/api/exposure/entities", "entityId", bodyType,
                bodyType == null ? Integer.MAX_VALUE : limit, localOnly);
    }

    private List<JsonNode> exposure(String storeName, String path, String keyField, String bodyType, int limit, boolean localOnly) {
        List<JsonNode> parts = stores.gather(storeName, localOnly, path + "?limit=" + limit + param("bodyType", bodyType),
                store -> stores.<Exposure>firstRows(store, exposure -> exposure.contracts() > 0
                        && (bodyType == null || bodyType.equals(exposure.bodyType())), MOST_FIRST, limit, exposure -> exposure));
        if (localOnly) {
            return parts;
        }
        // A firm's rows of several body types taken together.
        Map<String, Exposure> rows = new LinkedHashMap<>();
        for (JsonNode part : parts) {
            Exposure exposure = JSON.convertValue(part, Exposure.class);
            rows.merge(exposure.key(), exposure, Exposure::merge);
        }
        return rows.values().stream().sorted(MOST_FIRST).limit(limit)
                .<JsonNode>map(exposure -> JSON.valueToTree(row(keyField, exposure))).toList();
    }

    private static Map<String, Object> row(String keyField, Exposure exposure) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(keyField, exposure.key());
        if (keyField.equals("entityId")) {
            row.put("entity", exposure.name());
        } else {
            row.put("bodyType", exposure.bodyType());
        }
        row.put("contracts", exposure.contracts());
        Map<String, Double> values = exposure.valueByCurrency();
        // One currency, as UK data nearly always has: a plain total; several: each apart, never summed.
        row.put("totalValue", values.size() == 1 ? values.values().iterator().next() : null);
        row.put("currency", values.size() == 1 ? values.keySet().iterator().next() : null);
        row.put("valueByCurrency", values);
        return row;
    }

    private static boolean matches(Alert alert, String entity, String bodyType) {
        boolean entityMatches = entity == null || entity.equalsIgnoreCase(alert.getListedEntityId())
                || entity.equalsIgnoreCase(alert.getListedEntity());
        return entityMatches && (bodyType == null || bodyType.equalsIgnoreCase(alert.getBodyType().name()));
    }

    private static Map<String, Object> link(VendorLink link) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("entityId", link.getEntityId());
        view.put("entityName", link.getEntityName());
        view.put("listedEntityId", link.getListedEntityId());
        view.put("listedEntity", link.getListedEntityName());
        view.put("relation", link.getRelation());
        view.put("role", link.getRole());
        view.put("partyName", link.getPartyName());
        view.put("lists", AlertView.lists(link.getLists(), link.getListVersions()));
        view.put("score", link.getScore());
        view.put("evidence", AlertView.evidence(link.getEvidence()));
        view.put("endedAt", link.getEndedAt() == null ? null : link.getEndedAt().toString());
        return view;
    }

    private static String param(String name, String value) {
        return value == null ? "" : "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored compiled release is not JSON", e);
        }
    }
}
