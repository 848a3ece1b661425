package org.procwatch.sink.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.name.NameNormalizer;

/** {@code procurement.contracts.v1} into {@code contracts}, one row per ocid. */
public final class ContractsTable implements TableWriter<CompiledContract> {

    @Override
    public String upsert() {
        return """
                INSERT INTO contracts (ocid, buyer, body_type, title, value, currency, release_count, last_release_date, source_url,
                                       compiled_release, compiled_at, buyer_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                ON CONFLICT (ocid) DO UPDATE SET buyer = EXCLUDED.buyer, body_type = EXCLUDED.body_type, title = EXCLUDED.title,
                    value = EXCLUDED.value, currency = EXCLUDED.currency, release_count = EXCLUDED.release_count,
                    last_release_date = EXCLUDED.last_release_date, source_url = EXCLUDED.source_url,
                    compiled_release = EXCLUDED.compiled_release, compiled_at = EXCLUDED.compiled_at, buyer_key = EXCLUDED.buyer_key""";
    }

    @Override
    public Object conflictKey(CompiledContract contract) {
        return TableWriter.storable(contract.getOcid());
    }

    @Override
    public void bind(Connection connection, PreparedStatement statement, CompiledContract contract) throws SQLException {
        TableWriter.text(statement, 1, contract.getOcid());
        TableWriter.text(statement, 2, contract.getBuyer() == null ? null : contract.getBuyer().getName());
        TableWriter.text(statement, 3, contract.getBodyType().name());
        TableWriter.text(statement, 4, contract.getTitle());
        TableWriter.number(statement, 5, contract.getValueAmount());
        TableWriter.text(statement, 6, contract.getValueCurrency());
        statement.setInt(7, contract.getReleaseCount());
        TableWriter.text(statement, 8, contract.getLastReleaseDate());
        TableWriter.text(statement, 9, contract.getSourceUrl());
        TableWriter.jsonText(statement, 10, contract.getCompiledReleaseJson());
        TableWriter.time(statement, 11, contract.getCompiledAt());
        TableWriter.text(statement, 12, contract.getBuyer() == null ? null : NameNormalizer.key(contract.getBuyer().getName()));
    }
}
