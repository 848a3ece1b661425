package org.procwatch.sink.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.view.AlertView;

/** {@code procurement.reviews.v1} into {@code reviews}, one row per review; a review never changes, so a replay writes nothing. */
public final class ReviewsTable implements TableWriter<Review> {

    @Override
    public String upsert() {
        return """
                INSERT INTO reviews (review_id, ocid, entity_id, decision, note, reviewer, reviewed_at, evidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (review_id) DO NOTHING""";
    }

    @Override
    public void bind(Connection connection, PreparedStatement statement, Review review) throws SQLException {
        TableWriter.text(statement, 1, review.getReviewId());
        TableWriter.text(statement, 2, review.getOcid());
        TableWriter.text(statement, 3, review.getEntityId());
        TableWriter.text(statement, 4, review.getDecision().name());
        TableWriter.text(statement, 5, review.getNote());
        TableWriter.text(statement, 6, review.getReviewer());
        TableWriter.time(statement, 7, review.getReviewedAt());
        TableWriter.json(statement, 8, AlertView.evidence(review.getEvidence()));
    }
}
