package org.procwatch.sink.consumer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.ByteBuffer;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.procwatch.schemas.registry.SchemaRegistryClient;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.sink.jdbc.AlertsTable;
import org.procwatch.sink.jdbc.ContractsTable;
import org.procwatch.sink.jdbc.FoiResponsesTable;
import org.procwatch.sink.jdbc.ReviewsTable;
import org.procwatch.sink.jdbc.KeptConnection;
import org.procwatch.sink.jdbc.MultiRowUpsert;
import org.procwatch.sink.jdbc.TableWriter;
import org.procwatch.sink.jdbc.VendorLinksTable;
import org.procwatch.sink.delivery.WebhookOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the PostgreSQL tables in step with the topics: each poll's records are written in one database
 * transaction of upserts, and only after it commits are the offsets committed. A crash between the two
 * writes the batch again on restart, which changes nothing: nothing lost, nothing doubled. Where a table keeps
 * only a key's latest record (contracts, vendor links, FOI responses), a batch writes only each key's last. While
 * PostgreSQL or the schema registry is away the sink waits, however long, retrying with backoff, its partitions
 * paused and its consumer polling (so the group keeps it), and carries on where it was ({@link WriteFailure} tells
 * an outage from a bad record). A record that can never be written (unreadable, refused by PostgreSQL for its data,
 * or failing alone time after time) is found by writing the batch one record at a time, and goes to the dead-letter
 * topic, whole; logs name records by their coordinates only.
 */
public final class PostgresSink implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Tries of a record alone, failing neither for its data nor for an outage, before it is dead-lettered. */
    private static final int TRIES_ALONE = 5;

    /**
     * A topic's records, read once each, and what writes them: its table, and for alerts the webhook queue too.
     *
     * @param latestPerKey whether a batch need only write each key's last record: true where the upsert simply
     *                     replaces the row, so that the earlier records of a key would be overwritten in the same
     *                     transaction anyway. Not for alerts: every revision is matched against the subscriptions.
     * @param multiRow     the multi-row form of each writer with a {@link TableWriter#conflictKey}, made when first used
     */
    private record Table<V>(TopicDescriptor<String, V> topic, Deserializer<V> values, List<TableWriter<V>> writers, boolean latestPerKey,
                            Map<TableWriter<V>, MultiRowUpsert<V>> multiRow) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SinkDeadLetters deadLetters;
    private final KeptConnection database;
    private final Map<String, Table<?>> tables = new LinkedHashMap<>();
    private volatile boolean closing;
    /** Whether the sink is waiting for something away, its partitions paused (on the sink's thread only). */
    private boolean waiting;
    private volatile long written;
    private volatile long retries;
    private volatile long deadLettered;
    private volatile long batchesSplit;

    /**
     * @param settings the topics, group, PostgreSQL schema ({@link org.procwatch.sink.jdbc.SinkSchema}) and webhook
     *                 subscriptions: an alert's deliveries are queued in the transaction that writes it
     */
    public PostgresSink(SinkSettings settings, SchemaRegistryClient registry, DataSource database) {
        this.database = new KeptConnection(database, settings.schema());
        SinkTopics topics = settings.topics();
        add(topics.contracts(), registry, List.of(new ContractsTable()), true);
        add(topics.vendorLinks(), registry, List.of(new VendorLinksTable()), true);
        add(topics.alerts(), registry, settings.subscriptions().isEmpty() ? List.of(new AlertsTable())
                : List.of(new AlertsTable(), new WebhookOutbox(settings.subscriptions())), false);
        add(topics.foiResponses(), registry, List.of(new FoiResponsesTable()), true);
        add(topics.reviews(), registry, List.of(new ReviewsTable()), true);
        Map<String, Object> config = new HashMap<>(settings.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new SinkDeadLetters(settings.clientConfig(), topics.deadLetters(), registry);
    }

    private <V> void add(TopicDescriptor<String, V> topic, SchemaRegistryClient registry, List<TableWriter<V>> writers, boolean latestPerKey) {
        tables.put(topic.name(), new Table<>(topic, topic.valueSerde(registry).deserializer(), writers, latestPerKey, new HashMap<>()));
    }

    /** Batches PostgreSQL refused whole, so far, and written again a record at a time to find the bad ones. */
    public long batchesSplit() {
        return batchesSplit;
    }

    /** Batches tried again so far because PostgreSQL or the schema registry was away. */
    public long retries() {
        return retries;
    }

    /**
     * Rows written so far by this sink: upserts, so a row written twice counts twice; a key's earlier records in
     * the same batch, which the table would not keep, are not written and not counted.
     */
    public long written() {
        return written;
    }

    /** Its counts and its consumer's Kafka metrics (lag among them), for a meter registry. */
    public MeterBinder metrics() {
        return registry -> {
            FunctionCounter.builder("procwatch.sink.rows.written", this, PostgresSink::written)
                    .description("Rows upserted into PostgreSQL").register(registry);
            FunctionCounter.builder("procwatch.sink.batch.retries", this, PostgresSink::retries)
                    .description("Batches tried again because PostgreSQL or the schema registry was away").register(registry);
            FunctionCounter.builder("procwatch.sink.dead.letters", this, sink -> sink.deadLettered)
                    .description("Records that cannot be written (refused for their data, unreadable, or failing alone time after time), sent to the dead-letter topic").register(registry);
            FunctionCounter.builder("procwatch.sink.batches.split", this, PostgresSink::batchesSplit)
                    .description("Batches refused whole and written again a record at a time, to find the bad ones").register(registry);
            new KafkaClientMetrics(consumer).bindTo(registry);
        };
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.copyOf(tables.keySet()), rebalances);
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                    records.forEach(batch::add);
                    if (writeUntilDone(batch) != null) { // a record is at fault: find it
                        batchesSplit++;
                        writeOneByOne(batch);
                    }
                    commit(batch);
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
            deadLetters.close();
            database.close();
        }
    }

    /**
     * Writes the records in one transaction, waiting out whatever the sink needs that is away (PostgreSQL, the
     * registry), however long, with backoff between tries; records of partitions taken from the sink meanwhile leave
     * the list, as their new owner writes them.
     *
     * @return null once written (or when none is left), else why the records could not be
     */
    private Refusal writeUntilDone(List<ConsumerRecord<byte[], byte[]>> records) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; !records.isEmpty(); attempt++) {
            try {
                write(records);
                return null;
            } catch (SQLException | RuntimeException e) {
                WriteFailure failure = WriteFailure.of(e);
                if (failure != WriteFailure.UNAVAILABLE) {
                    return new Refusal(failure, e);
                }
                retries++;
                log.warn("Could not write {} records to PostgreSQL (attempt {}): {}; trying again in {} ms", records.size(), attempt,
                        describe(e), backoff.toMillis());
                waitPolling(backoff, records);
                backoff = longer(backoff);
            }
        }
        return null;
    }

    /**
     * A batch with a bad record: each record in a transaction of its own, the bad ones to the dead-letter topic: those
     * PostgreSQL refuses for their data or that cannot be read at once, those failing otherwise after {@link
     * #TRIES_ALONE} tries alone.
     */
    private void writeOneByOne(List<ConsumerRecord<byte[], byte[]>> batch) throws InterruptedException {
        for (ConsumerRecord<byte[], byte[]> record : List.copyOf(batch)) {
            List<ConsumerRecord<byte[], byte[]>> one = new ArrayList<>(stillOwned(List.of(record)));
            Duration backoff = FIRST_BACKOFF;
            Refusal refusal = writeUntilDone(one);
            for (int tries = 1; refusal != null && refusal.failure() == WriteFailure.UNKNOWN && tries < TRIES_ALONE; tries++) {
                waitPolling(backoff, one);
                backoff = longer(backoff);
                refusal = writeUntilDone(one);
            }
            if (refusal != null && !one.isEmpty()) {
                deadLetter(record, refusal.cause());
            }
        }
        batch.retainAll(stillOwned(batch));
    }

    /** Sends the record to the dead-letter topic, waiting out a broker or registry away, so that its offset may be committed. */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, Exception cause) throws InterruptedException {
        log.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                .log("Record {}-{}@{} cannot be written to PostgreSQL ({}); sent to the dead-letter topic", record.topic(),
                        record.partition(), record.offset(), cause.getClass().getSimpleName());
        Duration backoff = FIRST_BACKOFF;
        List<ConsumerRecord<byte[], byte[]>> one = new ArrayList<>(List.of(record));
        while (!one.isEmpty()) {
            try {
                deadLetters.send(record, cause);
                deadLettered++;
                return;
            } catch (RuntimeException e) {
                if (WriteFailure.of(e) != WriteFailure.UNAVAILABLE) {
                    throw e;
                }
                log.warn("Could not send a dead letter ({}); trying again in {} ms", describe(e), backoff.toMillis());
                waitPolling(backoff, one);
                backoff = longer(backoff);
            }
        }
    }

    /**
     * Waits with its partitions paused and the consumer still polling, so that the group keeps the sink however long
     * the wait: a consumer that does not poll within {@code max.poll.interval.ms} is put out of the group, and its
     * commit then fails. A rebalance meanwhile may take partitions away: their records leave {@code pending}.
     */
    private void waitPolling(Duration time, List<ConsumerRecord<byte[], byte[]>> pending) throws InterruptedException {
        if (closing) {
            throw new InterruptedException("closing with records not written; the next start writes them");
        }
        waiting = true;
        try {
            consumer.pause(consumer.assignment());
            long end = System.nanoTime() + time.toNanos();
            for (long left = time.toNanos(); left > 0 && !closing; left = end - System.nanoTime()) {
                ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(Duration.ofNanos(Math.min(left, POLL.toNanos())));
                for (TopicPartition partition : unexpected.partitions()) {
                    consumer.seek(partition, unexpected.records(partition).getFirst().offset()); // read again once resumed
                }
            }
            pending.retainAll(stillOwned(pending));
        } finally {
            waiting = false;
            consumer.resume(consumer.paused());
        }
    }

    /** The records of partitions the sink still has. */
    private List<ConsumerRecord<byte[], byte[]>> stillOwned(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<TopicPartition> owned = consumer.assignment();
        return records.stream().filter(record -> owned.contains(new TopicPartition(record.topic(), record.partition()))).toList();
    }

    /** Pauses the partitions a rebalance gives the sink while it waits, so that no record arrives out of turn. */
    private final ConsumerRebalanceListener rebalances = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing to hand over: offsets are committed only after their records are written, and records of
            // partitions no longer the sink's are dropped once the wait ends (stillOwned).
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (waiting) {
                consumer.pause(partitions);
            }
        }
    };

    /**
     * Commits the batch's offsets for the partitions the sink still has. A commit the group refuses (it rebalanced
     * meanwhile) loses nothing: the partitions' new owner reads those records again, and writing them again changes no
     * row (upserts; queued deliveries are keyed by their ids).
     */
    private void commit(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(stillOwned(batch));
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            log.info("The group rebalanced before {} partitions' offsets were committed; their new owner writes those records again ({})",
                    offsets.size(), e.getClass().getSimpleName());
        }
    }

    private static Duration longer(Duration backoff) {
        return backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    /** A failure in a line: its kind and, for PostgreSQL, its state and message without the detail that can quote the row. */
    private static String describe(Exception e) {
        return e instanceof SQLException sql ? "SQL state " + sql.getSQLState() + ": " + SinkDeadLetters.primaryMessage(sql)
                : e.getClass().getSimpleName();
    }

    /** Why records could not be written, when not for an outage. */
    private record Refusal(WriteFailure failure, Exception cause) {
    }

    /** The records in one transaction; a failure rolls it all back. */
    private void write(List<ConsumerRecord<byte[], byte[]>> records) throws SQLException {
        written += database.inTransaction(connection -> {
            int rows = 0;
            for (Table<?> table : tables.values()) {
                String topic = table.topic().name();
                rows += writeTable(connection, table, records.stream().filter(record -> record.topic().equals(topic)).toList());
            }
            return rows;
        });
    }

    /** Writes a topic's records with each of its writers; returns how many records were written. */
    private static <V> int writeTable(Connection connection, Table<V> table, List<ConsumerRecord<byte[], byte[]>> records)
            throws SQLException {
        List<V> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : table.latestPerKey() ? latestPerKey(records) : records) {
            if (record.value() != null) { // a tombstone is skipped: procwatch never deletes what it published
                values.add(table.values().deserialize(record.topic(), record.value()));
            }
        }
        if (values.isEmpty()) {
            return 0;
        }
        for (TableWriter<V> writer : table.writers()) {
            if (writer.conflictKey(values.getFirst()) != null) {
                table.multiRow().computeIfAbsent(writer, MultiRowUpsert::new).write(connection, values);
                continue;
            }
            try (PreparedStatement upsert = connection.prepareStatement(writer.upsert())) {
                for (V value : values) {
                    writer.bind(connection, upsert, value);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            } catch (BatchUpdateException e) {
                // The batch's own exception says little; the first cause carries PostgreSQL's SQL state.
                throw e.getNextException() != null ? e.getNextException() : e;
            }
        }
        return values.size();
    }

    /**
     * Each key's last record with a value, in the order of those records. A key's records all sit in one
     * partition, in the order they were published; tombstones are left out (they are skipped anyway, and must
     * not hide the value before them), records without a key are all kept.
     */
    static List<ConsumerRecord<byte[], byte[]>> latestPerKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<ByteBuffer, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            if (record.key() != null && record.value() != null) {
                lastIndex.put(ByteBuffer.wrap(record.key()), i);
            }
        }
        if (lastIndex.size() == records.size()) {
            return records;
        }
        List<ConsumerRecord<byte[], byte[]>> latest = new ArrayList<>(lastIndex.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            if (record.key() == null ? record.value() != null : lastIndex.getOrDefault(ByteBuffer.wrap(record.key()), -1) == i) {
                latest.add(record);
            }
        }
        return latest;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            offsets.merge(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1),
                    (earlier, later) -> earlier.offset() >= later.offset() ? earlier : later);
        }
        return offsets;
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
    }
}
