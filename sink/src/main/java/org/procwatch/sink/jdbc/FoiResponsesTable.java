package org.procwatch.sink.jdbc;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.name.NameNormalizer;

/**
 * {@code procurement.foi-responses.v1} into {@code foi_responses}, one row per request, with where the answer was
 * read and the body's comparable name, by which {@code foi_body_contracts} finds its contracts.
 */
public final class FoiResponsesTable implements TableWriter<FoiResponse> {

    @Override
    public String upsert() {
        return """
                INSERT INTO foi_responses (request_id, body_name, body_type, region, response_date, outcome, hikvision, dahua, other_vendors,
                                           capabilities, source_url, source, evidence, body_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (request_id) DO UPDATE SET body_name = EXCLUDED.body_name, body_type = EXCLUDED.body_type,
                    region = EXCLUDED.region, response_date = EXCLUDED.response_date, outcome = EXCLUDED.outcome,
                    hikvision = EXCLUDED.hikvision, dahua = EXCLUDED.dahua, other_vendors = EXCLUDED.other_vendors,
                    capabilities = EXCLUDED.capabilities, source_url = EXCLUDED.source_url, source = EXCLUDED.source,
                    evidence = EXCLUDED.evidence, body_key = EXCLUDED.body_key""";
    }

    @Override
    public Object conflictKey(FoiResponse response) {
        return TableWriter.storable(response.getRequestId());
    }

    @Override
    public void bind(Connection connection, PreparedStatement statement, FoiResponse response) throws SQLException {
        TableWriter.text(statement, 1, response.getRequestId());
        TableWriter.text(statement, 2, response.getBodyName());
        TableWriter.text(statement, 3, response.getBodyType().name());
        TableWriter.text(statement, 4, response.getRegion());
        statement.setDate(5, response.getResponseDate() == null ? null : Date.valueOf(response.getResponseDate()));
        TableWriter.text(statement, 6, response.getOutcome().name());
        TableWriter.text(statement, 7, response.getHikvision().name());
        TableWriter.text(statement, 8, response.getDahua().name());
        TableWriter.texts(connection, statement, 9, response.getOtherVendors());
        TableWriter.texts(connection, statement, 10, response.getCapabilities());
        TableWriter.text(statement, 11, response.getSourceUrl());
        TableWriter.text(statement, 12, response.getSource().getSource());
        TableWriter.text(statement, 13, response.getEvidence());
        TableWriter.text(statement, 14, NameNormalizer.key(response.getBodyName()));
    }
}
