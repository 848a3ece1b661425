package org.procwatch.sink.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.procwatch.schemas.name.NameNormalizer;

/**
 * Writes the comparable name keys (V3) of rows written before there were any, so that a data folder from
 * an earlier procwatch links its FOI bodies to their contracts at once, not only as rows are written again.
 * The keys are the matcher's, computed in Java: SQL could only approximate them.
 */
public final class V4__Name_keys_of_earlier_rows extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        fill(connection, "SELECT request_id, body_name FROM foi_responses WHERE body_key IS NULL",
                "UPDATE foi_responses SET body_key = ? WHERE request_id = ?");
        fill(connection, "SELECT ocid, buyer FROM contracts WHERE buyer_key IS NULL AND buyer IS NOT NULL",
                "UPDATE contracts SET buyer_key = ? WHERE ocid = ?");
    }

    private static void fill(Connection connection, String select, String update) throws SQLException {
        try (PreparedStatement rows = connection.prepareStatement(select); ResultSet result = rows.executeQuery();
             PreparedStatement set = connection.prepareStatement(update)) {
            int batched = 0;
            while (result.next()) {
                set.setString(1, NameNormalizer.key(result.getString(2)));
                set.setString(2, result.getString(1));
                set.addBatch();
                if (++batched % 1000 == 0) {
                    set.executeBatch();
                }
            }
            set.executeBatch();
        }
    }
}
