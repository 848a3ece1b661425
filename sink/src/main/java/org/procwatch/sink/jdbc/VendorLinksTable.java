package org.procwatch.sink.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.view.AlertView;

/** {@code procurement.vendor-links.v1} into {@code vendor_links}, one row per subject and watchlist entity; an ended link keeps its row, with {@code ended_at}. */
public final class VendorLinksTable implements TableWriter<VendorLink> {

    @Override
    public String upsert() {
        return """
                INSERT INTO vendor_links (subject_type, subject_id, entity_id, entity_name, listed_entity_id, listed_entity, relation, role,
                                          party_name, lists, score, evidence, linked_at, ended_at, list_versions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb)
                ON CONFLICT (subject_type, subject_id, entity_id) DO UPDATE SET entity_name = EXCLUDED.entity_name,
                    listed_entity_id = EXCLUDED.listed_entity_id, listed_entity = EXCLUDED.listed_entity, relation = EXCLUDED.relation,
                    role = EXCLUDED.role, party_name = EXCLUDED.party_name, lists = EXCLUDED.lists, score = EXCLUDED.score,
                    evidence = EXCLUDED.evidence, linked_at = EXCLUDED.linked_at, ended_at = EXCLUDED.ended_at,
                    list_versions = EXCLUDED.list_versions""";
    }

    @Override
    public Object conflictKey(VendorLink link) {
        return List.of(link.getSubjectType().name(), TableWriter.storable(link.getSubjectId()), TableWriter.storable(link.getEntityId()));
    }

    @Override
    public void bind(Connection connection, PreparedStatement statement, VendorLink link) throws SQLException {
        TableWriter.text(statement, 1, link.getSubjectType().name());
        TableWriter.text(statement, 2, link.getSubjectId());
        TableWriter.text(statement, 3, link.getEntityId());
        TableWriter.text(statement, 4, link.getEntityName());
        TableWriter.text(statement, 5, link.getListedEntityId());
        TableWriter.text(statement, 6, link.getListedEntityName());
        TableWriter.text(statement, 7, link.getRelation());
        TableWriter.text(statement, 8, link.getRole());
        TableWriter.text(statement, 9, link.getPartyName());
        TableWriter.texts(connection, statement, 10, link.getLists());
        statement.setDouble(11, link.getScore());
        TableWriter.json(statement, 12, AlertView.evidence(link.getEvidence()));
        TableWriter.time(statement, 13, link.getLinkedAt());
        TableWriter.time(statement, 14, link.getEndedAt());
        TableWriter.json(statement, 15, AlertView.lists(link.getLists(), link.getListVersions()));
    }
}
