package org.procwatch.sink.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.view.AlertView;

/**
 * {@code procurement.alerts.v1} into {@code alerts}, one row per alert id, retracted ones kept with their
 * status, time and reason. A revision older than the row's (a replay of an early version) does not overwrite a newer one.
 */
public final class AlertsTable implements TableWriter<Alert> {

    @Override
    public String upsert() {
        return """
                INSERT INTO alerts (alert_id, ocid, buyer, body_type, supplier, listed_entity_id, listed_entity, relation, lists, score,
                                    value, currency, evidence, source_url, created_at, updated_at, revision, status, retracted_at,
                                    retract_reason, list_versions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (alert_id) DO UPDATE SET buyer = EXCLUDED.buyer, body_type = EXCLUDED.body_type,
                    supplier = EXCLUDED.supplier, relation = EXCLUDED.relation, lists = EXCLUDED.lists, score = EXCLUDED.score,
                    value = EXCLUDED.value, currency = EXCLUDED.currency, evidence = EXCLUDED.evidence,
                    source_url = EXCLUDED.source_url, updated_at = EXCLUDED.updated_at, revision = EXCLUDED.revision,
                    status = EXCLUDED.status, retracted_at = EXCLUDED.retracted_at, retract_reason = EXCLUDED.retract_reason,
                    list_versions = EXCLUDED.list_versions
                WHERE alerts.revision <= EXCLUDED.revision""";
    }

    @Override
    public Object conflictKey(Alert alert) {
        return TableWriter.storable(alert.getAlertId());
    }

    /** The higher revision, as the upsert keeps: a replay of an older one after a newer changes nothing. */
    @Override
    public Alert survivor(Alert earlier, Alert later) {
        return later.getRevision() >= earlier.getRevision() ? later : earlier;
    }

    @Override
    public void bind(Connection connection, PreparedStatement statement, Alert alert) throws SQLException {
        TableWriter.text(statement, 1, alert.getAlertId());
        TableWriter.text(statement, 2, alert.getOcid());
        TableWriter.text(statement, 3, alert.getBuyer());
        TableWriter.text(statement, 4, alert.getBodyType().name());
        TableWriter.text(statement, 5, alert.getSupplier());
        TableWriter.text(statement, 6, alert.getListedEntityId());
        TableWriter.text(statement, 7, alert.getListedEntity());
        TableWriter.text(statement, 8, alert.getRelation());
        TableWriter.texts(connection, statement, 9, alert.getLists());
        statement.setDouble(10, alert.getScore());
        TableWriter.number(statement, 11, alert.getValue());
        TableWriter.text(statement, 12, alert.getCurrency());
        TableWriter.json(statement, 13, AlertView.evidence(alert.getEvidence()));
        TableWriter.text(statement, 14, alert.getSourceUrl());
        TableWriter.time(statement, 15, alert.getCreatedAt());
        TableWriter.time(statement, 16, alert.getUpdatedAt());
        statement.setInt(17, alert.getRevision());
        TableWriter.text(statement, 18, alert.getStatus().name());
        TableWriter.time(statement, 19, alert.getRetractedAt());
        TableWriter.text(statement, 20, alert.getRetractReason() == null ? null : alert.getRetractReason().name());
        TableWriter.json(statement, 21, AlertView.lists(alert.getLists(), alert.getListVersions()));
    }
}
