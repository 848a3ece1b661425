package org.procwatch.enrich.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.procwatch.schemas.name.NameNormalizer;
import org.procwatch.enrich.topology.EnrichTopology;
import org.procwatch.enrich.topology.Exposure;
import org.procwatch.enrich.topology.FoiFact;
import org.procwatch.enrich.topology.FoiSummaryRow;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.view.AlertView;

/**
 * Answers the HTTP API's questions from the enrich app's state stores (CONTRACTS section 2). A key held by
 * another instance is fetched from it; a table spread over instances is gathered from all of them. While
 * the app starts or rebalances, queries fail with {@link QueryUnavailableException} (HTTP 503).
 */
public final class EnrichQueries {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final RemoteQueries remote;

    /**
     * @param self   this instance's HTTP address, as given to Kafka Streams in {@code application.server}
     * @param remote how other instances are asked
     */
    public EnrichQueries(KafkaStreams streams, HostInfo self, RemoteQueries remote) {
        this.streams = streams;
        this.self = self;
        this.remote = remote;
    }

    /** The compiled release of a contracting process with its vendor links; empty when unknown. */
    public Optional<JsonNode> contract(String ocid, boolean localOnly) {
        requireRunning();
        KeyQueryMetadata owner = streams.queryMetadataForKey(EnrichTopology.CONTRACTS_STORE, ocid, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new QueryUnavailableException("no instance holds the contracts yet");
        }
        if (!localOnly && !owner.activeHost().equals(self)) {
            return remote.get(owner.activeHost(), "/api/contracts/" + URLEncoder.encode(ocid, StandardCharsets.UTF_8));
        }
        ReadOnlyKeyValueStore<String, CompiledContract> contracts = store(EnrichTopology.CONTRACTS_STORE);
        CompiledContract contract = contracts.get(ocid);
        if (contract == null) {
            return Optional.empty();
        }
        List<Map<String, Object>> links = new ArrayList<>();
        ReadOnlyKeyValueStore<String, VendorLink> linkStore = store(EnrichTopology.LINKS_STORE);
        try (KeyValueIterator<String, VendorLink> found = linkStore.prefixScan(ocid + "|", Serdes.String().serializer())) {
            found.forEachRemaining(entry -> links.add(link(entry.value)));
        }
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
        answer.put("buyerFoiResponses", contract.getBuyer() == null ? List.of() : foiResponsesOf(contract.getBuyer().getName(), false));
        return Optional.of(JSON.valueToTree(answer));
    }

    /**
     * Alerts, newest first, from every instance.
     *
     * @param since    only alerts raised at or after this time, when given
     * @param entity   only alerts about this listed firm (id or name, any case), when given
     * @param bodyType only alerts about buyers of this body type, when given
     */
    public List<JsonNode> alerts(Instant since, int limit, String entity, String bodyType, boolean localOnly) {
        List<JsonNode> alerts = gather(EnrichTopology.ALERTS_STORE, localOnly, "/api/alerts?limit=" + Integer.MAX_VALUE
                + (since == null ? "" : "&since=" + since) + param("entity", entity) + param("bodyType", bodyType),
                store -> this.<Alert>localRows(store, alert -> (since == null || !alert.getCreatedAt().isBefore(since))
                        && matches(alert, entity, bodyType), AlertView::of));
        alerts.sort(Comparator.comparing((JsonNode alert) -> alert.path("createdAt").asText()).reversed()
                .thenComparing(alert -> alert.path("alertId").asText()));
        return alerts.size() > limit ? new ArrayList<>(alerts.subList(0, limit)) : alerts;
    }

    /** Per buyer (of one body type, when given): how many alerted processes, and their total value; most first. */
    public List<JsonNode> exposureByBuyer(String bodyType, boolean localOnly) {
        return exposure(EnrichTopology.EXPOSURE_BY_BUYER_STORE, "/api/exposure/buyers", "buyer", bodyType, localOnly);
    }

    /**
     * Per listed firm: how many processes were alerted about it (of buyers of one body type, when given),
     * and their total value; most first.
     */
    public List<JsonNode> exposureByEntity(String bodyType, boolean localOnly) {
        return exposure(EnrichTopology.EXPOSURE_BY_ENTITY_STORE, "/api/exposure/entities", "entityId", bodyType, localOnly);
    }

    private List<JsonNode> exposure(String storeName, String path, String keyField, String bodyType, boolean localOnly) {
        List<JsonNode> parts = gather(storeName, localOnly, path,
                store -> this.<Exposure>localRows(store, exposure -> exposure.contracts() > 0, exposure -> exposure));
        if (localOnly) {
            return parts;
        }
        // A firm has a row per body type of its buyers: filtered, then taken together.
        Map<String, Exposure> rows = new LinkedHashMap<>();
        for (JsonNode part : parts) {
            Exposure exposure = JSON.convertValue(part, Exposure.class);
            if (bodyType == null || bodyType.equals(exposure.bodyType())) {
                rows.merge(exposure.key(), exposure, Exposure::merge);
            }
        }
        List<JsonNode> answer = new ArrayList<>();
        rows.values().stream()
                .sorted(Comparator.comparingLong(Exposure::contracts).reversed().thenComparing(Exposure::key))
                .forEach(exposure -> answer.add(JSON.valueToTree(row(keyField, exposure))));
        return answer;
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

    /**
     * The FOI responses of the body with this name, compared as the matcher compares names (case,
     * punctuation and legal form aside): how a contract's buyer answered.
     */
    public List<JsonNode> foiResponsesOf(String bodyName, boolean localOnly) {
        String key = NameNormalizer.key(bodyName);
        if (key == null) {
            return List.of();
        }
        String path = "/api/foi/responses?body=" + URLEncoder.encode(bodyName, StandardCharsets.UTF_8);
        return gather(EnrichTopology.FOI_FACTS_STORE, localOnly, path,
                store -> this.<FoiFact>localRows(store, fact -> key.equals(fact.bodyKey()), fact -> fact));
    }

    /**
     * The FOI summary (CONTRACTS section 5): a row per body type that has responses, then the row of all
     * bodies; {@code share} is using / answered.
     */
    public List<JsonNode> foiSummary(boolean localOnly) {
        List<JsonNode> parts = gather(EnrichTopology.FOI_SUMMARY_STORE, localOnly, "/api/foi/summary",
                store -> this.<FoiSummaryRow>localRows(store, row -> row.requests() > 0, row -> row));
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
        return JSON.valueToTree(view);
    }

    /** This instance's part of a table, plus, unless {@code localOnly}, every other instance's part. */
    private List<JsonNode> gather(String storeName, boolean localOnly, String remotePath, Function<String, List<JsonNode>> local) {
        requireRunning();
        List<JsonNode> rows = new ArrayList<>(local.apply(storeName));
        if (!localOnly) {
            for (StreamsMetadata instance : streams.streamsMetadataForStore(storeName)) {
                if (!instance.hostInfo().equals(self)) {
                    remote.get(instance.hostInfo(), remotePath).ifPresent(answer -> answer.forEach(rows::add));
                }
            }
        }
        return rows;
    }

    /** The values of this instance's part of a store that pass the filter, as JSON. */
    private <V> List<JsonNode> localRows(String storeName, Predicate<V> filter, Function<V, Object> view) {
        List<JsonNode> rows = new ArrayList<>();
        try (KeyValueIterator<String, V> all = this.<V>store(storeName).all()) {
            all.forEachRemaining(entry -> {
                if (entry.value != null && filter.test(entry.value)) {
                    rows.add(JSON.valueToTree(view.apply(entry.value)));
                }
            });
        }
        return rows;
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
        view.put("score", link.getScore());
        view.put("evidence", AlertView.evidence(link.getEvidence()));
        return view;
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new QueryUnavailableException("enrich is " + streams.state().name().toLowerCase(Locale.ROOT) + "; ask again shortly");
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new QueryUnavailableException("the " + name + " store is not ready: " + e.getMessage(), e);
        }
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
