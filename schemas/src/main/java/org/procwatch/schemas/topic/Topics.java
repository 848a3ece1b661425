package org.procwatch.schemas.topic;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.config.TopicConfig;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;

/** The topics of procwatch (CONTRACTS section 3), one descriptor each. */
public final class Topics {

    /** Topics keyed by ocid share this count so that they stay co-partitioned for joins. */
    static final int OCID_PARTITIONS = 6;

    private static final Map<String, String> KEEP_FOREVER = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");

    /**
     * The largest record the topics that carry whole releases take (releases, compiled contracts, enrich's
     * stores, dead letters): releases up to ingest's 16 MB limit, with room for their metadata.
     */
    public static final int MAX_RECORD_BYTES = 20 * 1024 * 1024;
    static final String MAX_MESSAGE_BYTES = Integer.toString(MAX_RECORD_BYTES);

    /** Every OCDS release as ingested, keyed by ocid; kept forever, as it is the record of what was published. */
    public static final TopicDescriptor<String, IngestedRelease> RELEASES =
            avro("procurement.releases.v1", IngestedRelease.class, OCID_PARTITIONS, CleanupPolicy.DELETE,
                    Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES));

    /** FOI response rows, keyed by request id. */
    public static final TopicDescriptor<String, FoiResponse> FOI_RESPONSES =
            avro("procurement.foi-responses.v1", FoiResponse.class, 3, CleanupPolicy.DELETE, KEEP_FOREVER);

    /** Watchlist entities, keyed by entity id; one partition, as every enrich instance reads it whole. */
    public static final TopicDescriptor<String, WatchlistEntity> WATCHLIST =
            avro("procurement.watchlist.v1", WatchlistEntity.class, 1, CleanupPolicy.COMPACT, Map.of());

    /** Beneficial-ownership statements, keyed by statement id. */
    public static final TopicDescriptor<String, OwnershipStatement> OWNERSHIP =
            avro("procurement.ownership.v1", OwnershipStatement.class, 3, CleanupPolicy.DELETE, KEEP_FOREVER);

    /** Compiled releases, keyed by ocid. */
    public static final TopicDescriptor<String, CompiledContract> CONTRACTS =
            avro("procurement.contracts.v1", CompiledContract.class, OCID_PARTITIONS, CleanupPolicy.COMPACT,
                    Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES));

    /** Vendor links, keyed by '&lt;subject id&gt;|&lt;entity id&gt;'. */
    public static final TopicDescriptor<String, VendorLink> VENDOR_LINKS =
            avro("procurement.vendor-links.v1", VendorLink.class, OCID_PARTITIONS, CleanupPolicy.DELETE, KEEP_FOREVER);

    /** Alerts, keyed by their deterministic alert id. */
    public static final TopicDescriptor<String, Alert> ALERTS =
            avro("procurement.alerts.v1", Alert.class, OCID_PARTITIONS, CleanupPolicy.DELETE, KEEP_FOREVER);

    /**
     * Analysts' reviews of vendor links, keyed by '&lt;ocid&gt;|&lt;entity id&gt;|&lt;review id&gt;': compacted, so every
     * instance and every rebuild sees them all, and as each review has a key of its own, none is ever compacted away.
     */
    public static final TopicDescriptor<String, Review> REVIEWS =
            avro("procurement.reviews.v1", Review.class, 1, CleanupPolicy.COMPACT, Map.of());

    /** Records that could not be processed; keys stay the bytes they were received with. */
    public static final TopicDescriptor<byte[], DeadLetter> DLQ = new TopicDescriptor<>(
            "procurement.dlq.v1", SerdeFactory.bytes(), SerdeFactory.avro(DeadLetter.class),
            Optional.of(DeadLetter.getClassSchema()), 1, CleanupPolicy.DELETE,
            Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES));

    static {
        // After the descriptors above exist, as the trust is derived from their schemas.
        org.procwatch.schemas.AvroTrust.trustGeneratedClasses();
    }

    /**
     * Ingest's memory of what it has produced: one key per release, row, entity or statement, written in
     * the same transaction as the record, so that a restart or a second copy of a file produces nothing twice.
     * Internal to ingest; values are the source the key was first seen in.
     */
    public static final TopicDescriptor<String, String> INGEST_KEYS = new TopicDescriptor<>(
            "procurement.ingest-keys.v1", SerdeFactory.string(), SerdeFactory.string(), Optional.empty(), 3,
            CleanupPolicy.COMPACT, Map.of());

    /**
     * Ingest's progress through each API: key the source's name, value the end (ISO 8601) of the last date
     * window fully ingested, written in the transaction of that window's last records. Internal to ingest.
     */
    public static final TopicDescriptor<String, String> INGEST_CHECKPOINTS = new TopicDescriptor<>(
            "procurement.ingest-checkpoints.v1", SerdeFactory.string(), SerdeFactory.string(), Optional.empty(), 1,
            CleanupPolicy.COMPACT, Map.of());

    private Topics() {
    }

    /** Every topic of the contract, in pipeline order. */
    public static List<TopicDescriptor<?, ?>> all() {
        return List.of(RELEASES, FOI_RESPONSES, WATCHLIST, OWNERSHIP, CONTRACTS, VENDOR_LINKS, ALERTS, REVIEWS, DLQ);
    }

    /** The contract's topics and the stages' internal ones: what a deployment creates. */
    public static List<TopicDescriptor<?, ?>> allWithInternal() {
        return List.of(RELEASES, FOI_RESPONSES, WATCHLIST, OWNERSHIP, CONTRACTS, VENDOR_LINKS, ALERTS, REVIEWS, DLQ, INGEST_KEYS,
                INGEST_CHECKPOINTS);
    }

    private static <V extends SpecificRecord> TopicDescriptor<String, V> avro(
            String name, Class<V> type, int partitions, CleanupPolicy cleanup, Map<String, String> configs) {
        return new TopicDescriptor<>(name, SerdeFactory.string(), SerdeFactory.avro(type),
                Optional.of(SpecificData.get().getSchema(type)), partitions, cleanup, configs);
    }
}
