package org.procwatch.sink.consumer;

import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.topic.TopicCopier;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;

/** The topics the PostgreSQL sink reads, and the dead-letter topic it writes: the standard ones, or per-test copies. */
public record SinkTopics(
        TopicDescriptor<String, CompiledContract> contracts,
        TopicDescriptor<String, VendorLink> vendorLinks,
        TopicDescriptor<String, Alert> alerts,
        TopicDescriptor<String, FoiResponse> foiResponses,
        TopicDescriptor<String, Review> reviews,
        TopicDescriptor<byte[], DeadLetter> deadLetters) {

    public SinkTopics copied(TopicCopier copier) {
        return new SinkTopics(copier.copy(contracts), copier.copy(vendorLinks), copier.copy(alerts), copier.copy(foiResponses),
                copier.copy(reviews), copier.copy(deadLetters));
    }

    public static SinkTopics standard() {
        return new SinkTopics(Topics.CONTRACTS, Topics.VENDOR_LINKS, Topics.ALERTS, Topics.FOI_RESPONSES, Topics.REVIEWS, Topics.DLQ);
    }
}
