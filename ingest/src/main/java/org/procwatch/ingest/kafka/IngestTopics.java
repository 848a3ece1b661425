package org.procwatch.ingest.kafka;

import java.util.List;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.topic.TopicCopier;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;

/** The topics ingest writes to: the standard ones, or per-test copies. */
public record IngestTopics(
        TopicDescriptor<String, IngestedRelease> releases,
        TopicDescriptor<String, FoiResponse> foiResponses,
        TopicDescriptor<String, WatchlistEntity> watchlist,
        TopicDescriptor<String, OwnershipStatement> ownership,
        TopicDescriptor<byte[], DeadLetter> deadLetters,
        TopicDescriptor<String, String> keys,
        TopicDescriptor<String, String> checkpoints) {

    /** The same topics, each copied. */
    public IngestTopics copied(TopicCopier copier) {
        return new IngestTopics(copier.copy(releases), copier.copy(foiResponses), copier.copy(watchlist), copier.copy(ownership),
                copier.copy(deadLetters), copier.copy(keys), copier.copy(checkpoints));
    }

    /** Every topic, to be created before ingest writes. */
    public List<TopicDescriptor<?, ?>> all() {
        return List.of(releases, foiResponses, watchlist, ownership, deadLetters, keys, checkpoints);
    }

    public static IngestTopics standard() {
        return new IngestTopics(Topics.RELEASES, Topics.FOI_RESPONSES, Topics.WATCHLIST, Topics.OWNERSHIP, Topics.DLQ, Topics.INGEST_KEYS,
                Topics.INGEST_CHECKPOINTS);
    }
}
