package org.procwatch.ingest.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.topic.DeadLetterEnvelope;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what ingest reads to Kafka, each record once: a record goes out together with its ingest key
 * (in {@link Topics#INGEST_KEYS} or the given copy), in one transaction, so after a crash either both are there or neither, and a
 * key already there (from an earlier run or an earlier copy of the same file) means the record is skipped.
 * Records that cannot be used go to the dead-letter topic in the same transactions.
 */
public final class IngestWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestWriter.class);
    /**
     * A transaction is committed after this long, or this many records: a commit waits for every record of
     * the transaction to be acknowledged, so committing less often keeps the producer busy; consumers that
     * read committed records see them at most about this late. Half a second: a release waits for this commit and
     * then for enrich's (a second), and an alert is to be out within two seconds of its release (#24: p99 2.0 s
     * with ingest at a second, docs/benchmarks.md); ingest itself is far from its limit at either.
     */
    private static final long TRANSACTION_NANOS = 500_000_000L;
    private static final int RECORDS_PER_TRANSACTION = 50_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Object> clientConfig;
    private final SchemaRegistryClient registry;
    private final IngestedKeys keys;
    private final Map<String, Instant> checkpoints = new HashMap<>();
    private final Map<String, Serializers<?, ?>> serializers = new HashMap<>();
    private final IngestTopics topics;
    private final Serde<String> keySerde;
    private final Serde<DeadLetter> deadLetterSerde;
    private int inTransaction;
    private long transactionStarted;
    private volatile long produced;
    private volatile long skipped;
    private volatile long deadLetters;

    /**
     * @param clientConfig    Kafka client settings (bootstrap servers, security)
     * @param registry        the schema registry client for Avro values
     * @param topics          where records, dead letters and ingest keys go
     * @param transactionalId identifies this ingest across restarts, so a crashed run's open transaction is aborted
     */
    public IngestWriter(Map<String, Object> clientConfig, SchemaRegistryClient registry, IngestTopics topics, String transactionalId) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.registry = registry;
        this.topics = topics;
        this.keys = IngestedKeys.load(clientConfig, topics.keys().name());
        CommittedRecords.read(clientConfig, topics.checkpoints().name(),
                (source, windowEnd) -> checkpoints.put(source, Instant.parse(windowEnd)));
        this.keySerde = topics.keys().keySerde(registry);
        this.deadLetterSerde = topics.deadLetters().valueSerde(registry);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.putAll(producerTuning());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        log.info("Ingest resumes with {} records already produced", keys.size());
    }

    /** How ingest's producer is set up, apart from its transactions: durable, and batched for throughput. */
    public static Map<String, Object> producerTuning() {
        return Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes());
    }

    /**
     * Produces the record unless a record with the same ingest key was produced before.
     *
     * @param ingestKey what makes the record the same as another (e.g. ocid and release id)
     * @return whether it was produced
     */
    public <K, V> boolean offer(String ingestKey, String origin, TopicDescriptor<K, V> topic, K key, V value) {
        if (keys.contains(ingestKey)) {
            skipped++;
            return false;
        }
        begin();
        producer.send(new ProducerRecord<>(topic.name(), serializers(topic).keys().serialize(topic.name(), key),
                serializers(topic).values().serialize(topic.name(), value)));
        producer.send(new ProducerRecord<>(topics.keys().name(), keySerde.serializer().serialize(topics.keys().name(), ingestKey),
                origin.getBytes(StandardCharsets.UTF_8)));
        keys.add(ingestKey);
        produced++;
        afterSend();
        return true;
    }

    /**
     * Produces a record, or with a null value a tombstone, without an ingest key: for a caller that compares
     * what it has with the topic itself (an official list with the watchlist), where a key could not say
     * that an entity removed and listed again is new.
     */
    public <K, V> void publish(TopicDescriptor<K, V> topic, K key, V value) {
        begin();
        producer.send(new ProducerRecord<>(topic.name(), serializers(topic).keys().serialize(topic.name(), key),
                value == null ? null : serializers(topic).values().serialize(topic.name(), value)));
        produced++;
        afterSend();
    }

    /**
     * Every committed record of one of the writer's topics, from its start to where it ends now, with the
     * topic's own deserializers; a tombstone comes with a null value.
     */
    public <K, V> void readCommitted(TopicDescriptor<K, V> topic, BiConsumer<K, V> records) {
        CommittedRecords.read(clientConfig, topic.name(), topic.keySerde(registry).deserializer(), topic.valueSerde(registry).deserializer(),
                records);
    }

    /** Whether a record or mark with this ingest key was produced before, by this run or an earlier one. */
    public boolean ingested(String ingestKey) {
        return keys.contains(ingestKey);
    }

    /**
     * Marks something read as done without producing a record for it (a source's page that held nothing to
     * publish, or a version of a request already handled), in the current transaction: a later run that finds
     * the mark need not read it again.
     */
    public void remember(String ingestKey, String origin) {
        if (keys.contains(ingestKey)) {
            return;
        }
        begin();
        producer.send(new ProducerRecord<>(topics.keys().name(), keySerde.serializer().serialize(topics.keys().name(), ingestKey),
                origin.getBytes(StandardCharsets.UTF_8)));
        keys.add(ingestKey);
        afterSend();
    }

    /** A topic's key and value serializers, made once: a serializer keeps its Avro writer and schema id. */
    private record Serializers<K, V>(Serializer<K> keys, Serializer<V> values) {
    }

    @SuppressWarnings("unchecked")
    private <K, V> Serializers<K, V> serializers(TopicDescriptor<K, V> topic) {
        return (Serializers<K, V>) serializers.computeIfAbsent(topic.name(),
                name -> new Serializers<>(topic.keySerde(registry).serializer(), topic.valueSerde(registry).serializer()));
    }

    public IngestTopics topics() {
        return topics;
    }

    /**
     * Sends something that could not be used to the dead-letter topic, with why and where it came from; once,
     * so that ingesting the same file again does not repeat its dead letters.
     */
    public void deadLetter(String reason, String processor, String source, String position, byte[] raw) {
        String ingestKey = "dead-letter|" + source + "|" + position + "|" + reason;
        if (keys.contains(ingestKey)) {
            skipped++;
            return;
        }
        DeadLetter letter = DeadLetterEnvelope.of("ingest", reason, raw)
                .setProcessor(processor)
                .setSource(source)
                .setPosition(position)
                .build();
        begin();
        producer.send(new ProducerRecord<>(topics.deadLetters().name(), null,
                deadLetterSerde.serializer().serialize(topics.deadLetters().name(), letter)));
        producer.send(new ProducerRecord<>(topics.keys().name(), keySerde.serializer().serialize(topics.keys().name(), ingestKey),
                source.getBytes(StandardCharsets.UTF_8)));
        keys.add(ingestKey);
        deadLetters++;
        log.warn("Rejected input from {}{}: {}", source, position == null ? "" : " " + position, reason);
        afterSend();
    }

    /** The end of the last window of {@code source} that was fully ingested, if any. */
    public Optional<Instant> checkpoint(String source) {
        return Optional.ofNullable(checkpoints.get(source));
    }

    /** Records that {@code source} is ingested up to {@code windowEnd}, and commits it with the window's records. */
    public void checkpoint(String source, Instant windowEnd) {
        begin();
        String topic = topics.checkpoints().name();
        producer.send(new ProducerRecord<>(topic, topics.checkpoints().keySerde(registry).serializer().serialize(topic, source),
                topics.checkpoints().valueSerde(registry).serializer().serialize(topic, windowEnd.toString())));
        inTransaction++;
        flush();
        checkpoints.put(source, windowEnd);
    }

    /** Commits what has been sent so far. */
    public void flush() {
        if (inTransaction > 0) {
            producer.commitTransaction();
            inTransaction = 0;
        }
    }

    public long produced() {
        return produced;
    }

    public long skipped() {
        return skipped;
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** Its counts and its producer's Kafka metrics, for a meter registry (the launcher's {@code /metrics}). */
    public MeterBinder metrics() {
        return registry -> {
            FunctionCounter.builder("procwatch.ingest.records", this, IngestWriter::produced)
                    .description("Records ingest produced").tag("outcome", "produced").register(registry);
            FunctionCounter.builder("procwatch.ingest.records", this, IngestWriter::skipped)
                    .description("Records skipped as already ingested").tag("outcome", "already-ingested").register(registry);
            FunctionCounter.builder("procwatch.ingest.records", this, IngestWriter::deadLetters)
                    .description("Records sent to the dead-letter topic").tag("outcome", "dead-letter").register(registry);
            new KafkaClientMetrics(producer).bindTo(registry);
        };
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close();
        }
    }

    private void begin() {
        if (inTransaction == 0) {
            producer.beginTransaction();
            transactionStarted = System.nanoTime();
        }
    }

    private void afterSend() {
        inTransaction++;
        if (inTransaction >= RECORDS_PER_TRANSACTION || System.nanoTime() - transactionStarted >= TRANSACTION_NANOS) {
            flush();
        }
    }

    /** The largest record the release topic takes. */
    public static int maxRecordBytes() {
        return Integer.parseInt(Topics.RELEASES.configs().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
    }
}
