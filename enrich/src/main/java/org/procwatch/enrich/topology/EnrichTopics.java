package org.procwatch.enrich.topology;

import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.topic.TopicCopier;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;

/** The topics the enrich app reads and writes: the standard ones, or per-test copies. */
public record EnrichTopics(
        TopicDescriptor<String, IngestedRelease> releases,
        TopicDescriptor<String, WatchlistEntity> watchlist,
        TopicDescriptor<String, OwnershipStatement> ownership,
        TopicDescriptor<String, FoiResponse> foiResponses,
        TopicDescriptor<String, CompiledContract> contracts,
        TopicDescriptor<String, VendorLink> vendorLinks,
        TopicDescriptor<String, Alert> alerts,
        TopicDescriptor<String, Review> reviews,
        TopicDescriptor<byte[], DeadLetter> deadLetters) {

    public EnrichTopics copied(TopicCopier copier) {
        return new EnrichTopics(copier.copy(releases), copier.copy(watchlist), copier.copy(ownership), copier.copy(foiResponses),
                copier.copy(contracts), copier.copy(vendorLinks), copier.copy(alerts), copier.copy(reviews), copier.copy(deadLetters));
    }

    public static EnrichTopics standard() {
        return new EnrichTopics(Topics.RELEASES, Topics.WATCHLIST, Topics.OWNERSHIP, Topics.FOI_RESPONSES, Topics.CONTRACTS, Topics.VENDOR_LINKS,
                Topics.ALERTS, Topics.REVIEWS, Topics.DLQ);
    }
}
