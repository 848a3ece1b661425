package org.procwatch.enrich.topology;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.procwatch.enrich.errors.DeadLetterDeserializationHandler;
import org.procwatch.enrich.errors.DeadLetterProcessingHandler;
import org.procwatch.enrich.errors.DeadLetterProductionHandler;
import org.procwatch.enrich.errors.DeadLetters;
import org.procwatch.enrich.errors.RegistryPatience;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.serde.AvroSerde;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;

/**
 * The enrich app's topology and settings. Releases are compiled per ocid into contracts and each contract, in the
 * same pass, screened against the watchlist (a global table, so every instance holds all of it) into vendor links
 * and alerts. Every source, processor, store and sink is named, so the topology and its internal topics
 * stay the same from one version to the next unless changed on purpose.
 */
public final class EnrichTopology {

    /** The global store of the watchlist. */
    public static final String WATCHLIST_STORE = "watchlist-store";
    /** The global store of analysts' reviews, by {@code ocid|entityId|reviewId}. */
    public static final String REVIEWS_STORE = "reviews-store";
    /** The global store of beneficial-ownership statements. */
    public static final String OWNERSHIP_STORE = "ownership-store";
    /** Contracting processes by ocid, from which their compiled contracts are read ({@link StoredProcesses}). */
    public static final String PROCESSES_STORE = StoredProcesses.STORE;
    /** Vendor links by {@code ocid|entityId}. */
    public static final String LINKS_STORE = Screener.LINKS_STORE;
    /** Alerts by alert id, their latest revision. */
    public static final String ALERTS_STORE = Screener.ALERTS_STORE;
    /** Each alerted process with its current value, by ocid. */
    public static final String ALERTED_PROCESSES_STORE = "alerted-processes";
    /** Each alerted process and listed firm with the process's current value, by {@code ocid|firmId}. */
    public static final String ALERTED_PROCESS_FIRMS_STORE = "alerted-process-firms";
    /** Each FOI response as the summary counts it, by request id. */
    public static final String FOI_FACTS_STORE = "foi-facts";
    /** FOI summary rows by body type. */
    public static final String FOI_SUMMARY_STORE = "foi-summary";
    /** Exposure rows by listed firm id and buyers' body type ({@code firmId|bodyType}). */
    public static final String EXPOSURE_BY_ENTITY_STORE = "exposure-by-entity";
    /** Exposure rows by buyer name. */
    public static final String EXPOSURE_BY_BUYER_STORE = "exposure-by-buyer";

    /**
     * How often enrich commits. Exactly-once commits every 100 ms unless told otherwise: a transaction ended,
     * its markers written to every partition it touched and the stores' caches flushed, ten times a second.
     * Committing every second made enrich half again as fast on the bench (docs/benchmarks.md), for at most a
     * second more before an alert can be read; procurement notices are published by the day.
     */
    public static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    /**
     * The stores' record cache, for all of an instance's threads: a second of releases at a few thousand a second,
     * each process's state ~10 KB, stays in it until the commit writes each key's last value once.
     */
    static final long STORE_CACHE_BYTES = 32L << 20;

    private EnrichTopology() {
    }

    public static Topology build(EnrichTopics topics, SchemaRegistryClient registry, EnrichSettings settings) {
        return build(topics, registry, settings, new RegistryPatience());
    }

    /** The topology, its global stores waiting out a registry outage until {@code patience} is stopped. */
    public static Topology build(EnrichTopics topics, SchemaRegistryClient registry, EnrichSettings settings, RegistryPatience patience) {
        return build(topics, registry, settings, Screener.RESCREEN_STEP, patience);
    }

    /** The topology, with stored contracts screened again in steps of {@code rescreenStep} per task (tests take it short). */
    static Topology build(EnrichTopics topics, SchemaRegistryClient registry, EnrichSettings settings, Duration rescreenStep) {
        return build(topics, registry, settings, rescreenStep, new RegistryPatience());
    }

    private static Topology build(EnrichTopics topics, SchemaRegistryClient registry, EnrichSettings settings, Duration rescreenStep,
                                  RegistryPatience patience) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(namingProperties(settings))));
        TopicDescriptor<String, WatchlistEntity> watchlist = topics.watchlist();
        GlobalChanges watchlistRemovals = new GlobalChanges();
        // A global table kept by a processor of our own rather than the DSL's globalTable(): a global table
        // bootstraps by copying the topic's bytes into its store unread, so a record that cannot be read
        // would sit in the store and fail every reader; through the processor, bootstrap reads each record
        // too, and one that cannot be read goes to the dead-letter topic.
        // Each global store's values read and written through patient serdes: the global thread waits out a registry outage.
        builder.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(WATCHLIST_STORE),
                                watchlist.keySerde(registry), patience.patient(watchlist.valueSerde(registry))).withLoggingDisabled(),
                watchlist.name(),
                Consumed.with(watchlist.keySerde(registry), patience.patient(watchlist.valueSerde(registry))).withName("watchlist-source"),
                () -> new WatchlistStoreUpdater(WATCHLIST_STORE, watchlistRemovals));
        SharedOwnershipGraph ownershipGraph = new SharedOwnershipGraph();
        TopicDescriptor<String, OwnershipStatement> ownership = topics.ownership();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OWNERSHIP_STORE),
                                ownership.keySerde(registry), patience.patient(ownership.valueSerde(registry))).withLoggingDisabled(),
                ownership.name(),
                Consumed.with(ownership.keySerde(registry), patience.patient(ownership.valueSerde(registry))).withName("ownership-source"),
                () -> new OwnershipStoreUpdater(OWNERSHIP_STORE, ownershipGraph));

        GlobalChanges reviewChanges = new GlobalChanges();
        TopicDescriptor<String, Review> reviews = topics.reviews();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REVIEWS_STORE),
                                reviews.keySerde(registry), patience.patient(reviews.valueSerde(registry))).withLoggingDisabled(),
                reviews.name(),
                Consumed.with(reviews.keySerde(registry), patience.patient(reviews.valueSerde(registry))).withName("reviews-source"),
                () -> new ReviewStoreUpdater(REVIEWS_STORE, reviewChanges));

        // Cached: the releases of a process mostly come together, and each rewrites its state, links and alerts; the
        // cache writes a key's last value once per commit to RocksDB and the changelog instead of each in turn.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoredProcesses.STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Screener.LINKS_STORE),
                Serdes.String(), new AvroSerde<>(registry, VendorLink.class, false)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Screener.ALERTS_STORE),
                Serdes.String(), new AvroSerde<>(registry, Alert.class, false)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertTimeline.STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Screener.WATCHLIST_SEEN_STORE),
                Serdes.String(), Serdes.Integer()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Screener.RESCREEN_STORE),
                Serdes.String(), RescreenCursor.serde()));

        // One processor compiles and screens each release, against one store per process: no second copy of the
        // compiled contract is kept, and nothing is handed between nodes but what is published.
        KStream<String, EnrichOutput> enriched = builder
                .stream(topics.releases().name(), Consumed.with(topics.releases().keySerde(registry), topics.releases().valueSerde(registry))
                        .withName("releases-source"))
                .process(() -> new CompileAndScreenProcessor(settings.extensionSchemas(), new Screener(WATCHLIST_STORE, watchlistRemovals,
                                OWNERSHIP_STORE, ownershipGraph, REVIEWS_STORE, reviewChanges, settings.watchlistCheck(), rescreenStep)),
                        Named.as("compile-and-screen"), StoredProcesses.STORE, Screener.LINKS_STORE, Screener.ALERTS_STORE,
                        AlertTimeline.STORE, Screener.WATCHLIST_SEEN_STORE, Screener.RESCREEN_STORE);
        enriched.filter((key, output) -> output.contract() != null, Named.as("contracts-only"))
                .mapValues(EnrichOutput::contract, Named.as("contract-values"))
                .to(topics.contracts().name(), produced(topics.contracts(), registry, "contracts-sink"));
        enriched.filter((key, output) -> output.link() != null, Named.as("vendor-links-only"))
                .mapValues(EnrichOutput::link, Named.as("vendor-link-values"))
                .to(topics.vendorLinks().name(), produced(topics.vendorLinks(), registry, "vendor-links-sink"));
        enriched.filter((key, output) -> output.alert() != null, Named.as("alerts-only"))
                .mapValues(EnrichOutput::alert, Named.as("alert-values"))
                .to(topics.alerts().name(), produced(topics.alerts(), registry, "alerts-sink"));
        exposureTables(enriched.filter((key, output) -> output.exposure() != null, Named.as("exposure-facts-only"))
                .mapValues(EnrichOutput::exposure, Named.as("exposure-fact-values")));
        foiSummary(builder, topics, registry, settings);
        return builder.build();
    }

    /** FOI responses: the bodies' vendor links, and the summary per body type (CONTRACTS section 5). */
    private static void foiSummary(StreamsBuilder builder, EnrichTopics topics, SchemaRegistryClient registry, EnrichSettings settings) {
        TopicDescriptor<String, FoiResponse> foi = topics.foiResponses();
        KStream<String, FoiOutput> read = builder
                .stream(foi.name(), Consumed.with(foi.keySerde(registry), foi.valueSerde(registry)).withName("foi-responses-source"))
                .process(() -> new FoiProcessor(WATCHLIST_STORE, settings.watchlistCheck()), Named.as("foi"));
        read.filter((key, output) -> output.link() != null, Named.as("foi-vendor-links-only"))
                .mapValues(FoiOutput::link, Named.as("foi-vendor-link-values"))
                .to(topics.vendorLinks().name(), produced(topics.vendorLinks(), registry, "foi-vendor-links-sink"));
        Serde<FoiFact> factSerde = FoiFact.serde();
        read.filter((key, output) -> output.fact() != null, Named.as("foi-facts-only"))
                .mapValues(FoiOutput::fact, Named.as("foi-fact-values"))
                .toTable(Named.as(FOI_FACTS_STORE), Materialized.<String, FoiFact, KeyValueStore<Bytes, byte[]>>as(FOI_FACTS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(factSerde))
                .groupBy((requestId, fact) -> KeyValue.pair(fact.bodyType(), fact), Grouped.with("foi-summary-group", Serdes.String(), factSerde))
                .aggregate(FoiSummaryRow::empty,
                        (bodyType, fact, row) -> row.plus(bodyType, fact, 1),
                        (bodyType, fact, row) -> row.plus(bodyType, fact, -1),
                        Named.as("foi-summary-aggregate"),
                        Materialized.<String, FoiSummaryRow, KeyValueStore<Bytes, byte[]>>as(FOI_SUMMARY_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(FoiSummaryRow.serde()));
    }

    /**
     * The exposure tables: per listed firm, the processes alerted about it; per buyer, its alerted processes,
     * each counted once whatever the number of firms. Both hold the processes' current values, taking the
     * old value away when a process changes, and the process away when its alerts are retracted.
     */
    private static void exposureTables(KStream<String, ExposureFact> facts) {
        Serde<ExposureFact> factSerde = ExposureFact.serde();
        facts.filter((key, fact) -> fact.firmId() != null, Named.as("firm-facts-only"))
                .mapValues(ExposureFact::asTableValue, Named.as("firm-fact-table-values"))
                .toTable(Named.as(ALERTED_PROCESS_FIRMS_STORE), Materialized.<String, ExposureFact, KeyValueStore<Bytes, byte[]>>as(
                        ALERTED_PROCESS_FIRMS_STORE).withKeySerde(Serdes.String()).withValueSerde(factSerde))
                // One row per firm and buyers' body type, so that the table can be filtered by body type.
                .groupBy((key, fact) -> KeyValue.pair(fact.firmId() + "|" + fact.bodyType(), fact),
                        Grouped.with("exposure-by-entity-group", Serdes.String(), factSerde))
                .aggregate(Exposure::empty,
                        (key, fact, exposure) -> exposure.plus(fact.firmId(), fact.firmName(), fact.bodyType(), fact.value(), fact.currency(), 1),
                        (key, fact, exposure) -> exposure.plus(fact.firmId(), null, fact.bodyType(), fact.value(), fact.currency(), -1),
                        Named.as("exposure-by-entity-aggregate"),
                        Materialized.<String, Exposure, KeyValueStore<Bytes, byte[]>>as(EXPOSURE_BY_ENTITY_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Exposure.serde()));
        facts.filter((key, fact) -> fact.firmId() == null, Named.as("process-facts-only"))
                .mapValues(ExposureFact::asTableValue, Named.as("process-fact-table-values"))
                .toTable(Named.as(ALERTED_PROCESSES_STORE), Materialized.<String, ExposureFact, KeyValueStore<Bytes, byte[]>>as(
                        ALERTED_PROCESSES_STORE).withKeySerde(Serdes.String()).withValueSerde(factSerde))
                .groupBy((ocid, fact) -> KeyValue.pair(buyerKey(fact.buyer()), fact), Grouped.with("exposure-by-buyer-group", Serdes.String(), factSerde))
                .aggregate(Exposure::empty,
                        (buyer, fact, exposure) -> exposure.plus(buyer, fact.buyer(), fact.bodyType(), fact.value(), fact.currency(), 1),
                        (buyer, fact, exposure) -> exposure.plus(buyer, null, fact.bodyType(), fact.value(), fact.currency(), -1),
                        Named.as("exposure-by-buyer-aggregate"),
                        Materialized.<String, Exposure, KeyValueStore<Bytes, byte[]>>as(EXPOSURE_BY_BUYER_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Exposure.serde()));
    }

    /** Buyers are keyed by their name as published; processes that name none share one row. */
    static String buyerKey(String buyer) {
        return buyer == null || buyer.isBlank() ? "(buyer not named)" : buyer;
    }

    /**
     * Larger producer batches than Kafka's 16 KB: a compiled contract is a few KB, so a batch held two or three and
     * each send woke the producer's thread and made a request of its own. What a transaction sends is flushed at its
     * commit whatever the linger.
     */
    public static Map<String, Object> producerBatching() {
        return Map.of(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024,
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10);
    }

    /** The Streams settings: exactly-once, dead-letter handlers, explicit naming, and the overrides last. */
    public static Properties streamsProperties(EnrichTopics topics, SchemaRegistryClient registry, EnrichSettings settings) {
        Properties props = namingProperties(settings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL.toMillis());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, CompressedStores.class);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STORE_CACHE_BYTES);
        // Internal topics follow the broker's default replication; one broker locally, more in production.
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        // A compiled contract, and its stored state, are as big as the releases it is made of: up to ingest's
        // limit. A record over the producer's or a topic's limit would fail the whole transaction.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.MAX_RECORD_BYTES + 64 * 1024);
        props.putAll(producerBatching());
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(Topics.MAX_RECORD_BYTES));
        if (settings.applicationServer() != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.applicationServer());
        }
        props.putAll(settings.clientOverrides());
        Map<String, Object> producerConfig = new HashMap<>(settings.clientOverrides());
        producerConfig.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        Set<String> globalTopics = Set.of(topics.watchlist().name(), topics.ownership().name(), topics.reviews().name());
        props.put(DeadLetters.CONFIG, new DeadLetters(topics.deadLetters(), registry, globalTopics, producerConfig));
        return props;
    }

    private static Properties namingProperties(EnrichSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // Errors in the global stores' processors go to the dead-letter topic like all others.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return props;
    }

    private static <V> Produced<String, V> produced(TopicDescriptor<String, V> topic, SchemaRegistryClient registry, String name) {
        return Produced.with(topic.keySerde(registry), topic.valueSerde(registry)).withName(name);
    }
}
