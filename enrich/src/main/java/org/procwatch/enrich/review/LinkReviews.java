package org.procwatch.enrich.review;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.ReviewDecision;
import org.procwatch.schemas.avro.VendorLink;

/**
 * The reviews of one contracting process, and what they say of each of its links: the latest review naming
 * the link's entity or its listed firm decides. A false positive leaves the link out for as long as the link
 * has no evidence the analyst did not see; new evidence (another party, another product code) brings it back,
 * to be judged again.
 */
public final class LinkReviews {

    private static final Comparator<Review> OLDEST_FIRST = Comparator.comparing(Review::getReviewedAt)
            .thenComparing(Review::getReviewId);

    private final List<Review> reviews;

    public LinkReviews(List<Review> reviews) {
        this.reviews = reviews.stream().sorted(OLDEST_FIRST).toList();
    }

    public static LinkReviews none() {
        return new LinkReviews(List.of());
    }

    /** The latest review of this link: of its entity, or of the listed firm it leads to. */
    public Optional<Review> latestOf(VendorLink link) {
        Review latest = null;
        for (Review review : reviews) {
            if (review.getOcid().equals(link.getSubjectId())
                    && (review.getEntityId().equals(link.getEntityId()) || review.getEntityId().equals(link.getListedEntityId()))) {
                latest = review;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Whether a false-positive review leaves this link out: the latest review says so, and the link has nothing new since. */
    public boolean leavesOut(VendorLink link) {
        return latestOf(link).filter(review -> review.getDecision() == ReviewDecision.false_positive)
                .filter(review -> keys(review.getEvidence()).containsAll(keys(link.getEvidence())))
                .isPresent();
    }

    /** Evidence as what was found where, apart from its score and wording, which change with the matcher. */
    private static Set<String> keys(List<Evidence> evidence) {
        return evidence.stream().map(each -> each.getKind() + "|" + Objects.toString(each.getField(), "") + "|"
                + Objects.toString(each.getMatchedText(), "") + "|" + Objects.toString(each.getMatchedAgainst(), ""))
                .collect(Collectors.toSet());
    }
}
