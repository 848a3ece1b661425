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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
 * PostgreSQL is unreachable the sink waits, retrying with backoff, and carries on where it was. A record
 * that can never be written (unreadable, or refused by PostgreSQL for its data) is found by writing the
 * batch one record at a time, and goes to the dead-letter topic; logs name records by their coordinates only.
 */
public final class PostgresSink implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /**
     * A topic's records, read once each, and what writes them: its table, and for alerts the webhook queue too.
     *
     * @param latestPerKey whether a batch need only write each key's last record: true where the upsert simply
     *                     replaces the row, so that the earlier records of a key would be overwritten in the same
     *                     transaction anyway. Not for alerts: every revision is matched against the subscriptions.
     */
    private record Table<V>(TopicDescriptor<String, V> topic, Deserializer<V> values, List<TableWriter<V>> writers, boolean latestPerKey) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SinkDeadLetters deadLetters;
    private final KeptConnection database;
    private final Map<String, Table<?>> tables = new LinkedHashMap<>();
    private volatile boolean closing;
    private volatile long written;
    private volatile long retries;
    private volatile long deadLettered;

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
        tables.put(topic.name(), new Table<>(topic, topic.valueSerde(registry).deserializer(), writers, latestPerKey));
    }

    /** Batches tried again so far because PostgreSQL could not be reached or failed. */
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
                    .description("Batches tried again because PostgreSQL could not be reached or failed").register(registry);
            FunctionCounter.builder("procwatch.sink.dead.letters", this, sink -> sink.deadLettered)
                    .description("Records PostgreSQL refused, sent to the dead-letter topic").register(registry);
            new KafkaClientMetrics(consumer).bindTo(registry);
        };
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.copyOf(tables.keySet()));
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                    records.forEach(batch::add);
                    if (!writeUntilDone(batch)) {
                        writeOneByOne(batch);
                    }
                    consumer.commitSync(nextOffsets(records));
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
     * Writes the records in one transaction, waiting out a PostgreSQL that is down or restarting, with
     * backoff between tries.
     *
     * @return false when a record itself is the problem (it cannot be read, or PostgreSQL refuses its data)
     */
    private boolean writeUntilDone(List<ConsumerRecord<byte[], byte[]>> records) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                write(records);
                return true;
            } catch (SQLException e) {
                if (isDataProblem(e)) {
                    return false;
                }
                if (closing) {
                    throw new InterruptedException("closing with a batch not written; the next start writes it");
                }
                retries++;
                log.warn("Could not write {} records to PostgreSQL (attempt {}, SQL state {}): {}; trying again in {} ms", records.size(),
                        attempt, e.getSQLState(), SinkDeadLetters.primaryMessage(e), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                return false; // a record that cannot be read or bound
            }
        }
    }

    /** A batch with a bad record: each record in a transaction of its own, the bad ones to the dead-letter topic. */
    private void writeOneByOne(List<ConsumerRecord<byte[], byte[]>> records) throws InterruptedException {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            List<ConsumerRecord<byte[], byte[]>> one = List.of(record);
            if (!writeUntilDone(one)) {
                Exception cause = causeOf(one);
                log.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                        .addKeyValue("offset", record.offset())
                        .log("Record {}-{}@{} cannot be written to PostgreSQL ({}); sent to the dead-letter topic", record.topic(),
                                record.partition(), record.offset(), cause.getClass().getSimpleName());
                deadLetters.send(record, cause);
                deadLettered++;
            }
        }
    }

    /** Writes the record again to learn why it fails. */
    private Exception causeOf(List<ConsumerRecord<byte[], byte[]>> one) {
        try {
            write(one);
            return new IllegalStateException("the record was written on a later try");
        } catch (SQLException | RuntimeException e) {
            return e;
        }
    }

    /** SQL states of class 22 (data exception) and 23 (integrity constraint): the row, not the database, is at fault. */
    private static boolean isDataProblem(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
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

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.getLast().offset() + 1));
        }
        return offsets;
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
    }
}
