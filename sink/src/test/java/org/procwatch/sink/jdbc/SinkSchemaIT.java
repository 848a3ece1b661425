package org.procwatch.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.procwatch.stack.LocalStack;
import org.procwatch.stack.junit.LocalStackExtension;
import org.procwatch.stack.junit.TestScope;

/** The migrations on the real PostgreSQL: the tables and views of CONTRACTS section 7, and what the views compute. */
@ExtendWith(LocalStackExtension.class)
class SinkSchemaIT {

    @Test
    void shouldCreateTheTablesAndViewsOnceAndComputeTheFoiSummaryAndExposure(LocalStack stack, TestScope scope)
            throws SQLException, IOException {
        String schema = "t_" + Integer.toHexString(scope.id().hashCode());
        int migrations;
        try (var sql = Files.list(Path.of("src/main/resources/org/procwatch/sink/migrations"));
             var java = Files.list(Path.of("src/main/java/org/procwatch/sink/migrations"))) {
            // SQL migrations, and Java ones where a migration needs what SQL cannot do (the matcher's name keys).
            migrations = (int) (sql.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count()
                    + java.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.java")).count());
        }
        assertThat(SinkSchema.migrate(stack.dataSource(), schema)).as("every migration, on an empty schema").isEqualTo(migrations);
        assertThat(SinkSchema.migrate(stack.dataSource(), schema)).as("already at the latest version").isZero();

        try (Connection connection = stack.dataSource().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("SET search_path TO " + schema);
            sql.execute("""
                    INSERT INTO foi_responses (request_id, body_name, body_type, outcome, hikvision, dahua, other_vendors, capabilities) VALUES
                      ('r1', 'Riverside Academy', 'secondary_school', 'answered', 'yes', 'no', '{}', '{}'),
                      ('r2', 'Kingsbridge Grammar School', 'secondary_school', 'answered', 'no', 'no', '{HiLook}', '{}'),
                      ('r3', 'Fenland Academy', 'secondary_school', 'answered', 'no', 'no', '{Axis}', '{}'),
                      ('r4', 'Northshire Police', 'police_force', 'refused', 'unknown', 'unknown', '{}', '{}')""");
            sql.execute("""
                    INSERT INTO vendor_links (subject_type, subject_id, entity_id, entity_name, listed_entity_id, listed_entity, relation,
                                              lists, score, evidence, linked_at) VALUES
                      ('FOI_BODY', 'r2', 'hilook', 'HiLook', 'hikvision', 'Hikvision', 'brand', '{}', 0.9, '[]', now())""");
            sql.execute("""
                    INSERT INTO contracts (ocid, buyer, body_type, value, currency, release_count, compiled_release, compiled_at) VALUES
                      ('o1', 'Riverside Academy', 'secondary_school', 12000, 'GBP', 2, '{}', now()),
                      ('o2', 'Riverside Academy', 'secondary_school', 500, 'GBP', 1, '{}', now()),
                      ('o3', 'Northshire Police', 'police_force', 9000, 'GBP', 1, '{}', now())""");
            sql.execute("""
                    INSERT INTO alerts (alert_id, ocid, body_type, listed_entity_id, listed_entity, relation, lists, score, evidence,
                                        created_at, updated_at, revision) VALUES
                      ('a1', 'o1', 'secondary_school', 'hikvision', 'Hikvision', 'subsidiary', '{}', 1, '[]', now(), now(), 1),
                      ('a2', 'o2', 'secondary_school', 'hikvision', 'Hikvision', 'brand', '{}', 0.9, '[]', now(), now(), 1),
                      ('a3', 'o2', 'secondary_school', 'dahua', 'Dahua', 'brand', '{}', 0.9, '[]', now(), now(), 1)""");
            sql.execute("""
                    INSERT INTO alerts (alert_id, ocid, body_type, listed_entity_id, listed_entity, relation, lists, score, evidence,
                                        created_at, updated_at, revision, status, retracted_at, retract_reason) VALUES
                      ('a4', 'o3', 'police_force', 'dahua', 'Dahua', 'distributor', '{}', 0.9, '[]', now(), now(), 2, 'retracted', now(),
                       'delisted')""");

            assertThat(rows(sql, "SELECT body_type, requests || '/' || answered || '/' || \"using\" || '/' || coalesce(round(share::numeric, 2)::text, '-') FROM foi_summary"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "secondary_school", "3/3/2/0.67", "police_force", "1/0/0/-", "all", "4/3/2/0.67"));
            assertThat(rows(sql, "SELECT buyer, contracts || ' ' || total_value || ' ' || currency FROM exposure_by_buyer"))
                    .as("the two-firm process counted once; the process with a retracted alert only not at all").containsExactlyEntriesOf(Map.of("Riverside Academy", "2 12500 GBP"));
            assertThat(rows(sql, "SELECT entity_id, contracts || ' ' || total_value FROM exposure_by_entity"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("hikvision", "2 12500", "dahua", "1 500"));
        }
    }

    private static Map<String, String> rows(Statement sql, String query) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (ResultSet result = sql.executeQuery(query)) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }
}
