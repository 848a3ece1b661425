package org.procwatch.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiRowUpsertTest {

    /** Rows of (key, value) into a table of two columns. */
    private static final TableWriter<String[]> PAIRS = new TableWriter<>() {
        @Override
        public String upsert() {
            return "INSERT INTO pairs (k, v) VALUES (?, ?::jsonb) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v WHERE pairs.v IS DISTINCT FROM (EXCLUDED.v)";
        }

        @Override
        public void bind(Connection connection, PreparedStatement statement, String[] pair) throws SQLException {
            statement.setString(1, pair[0]);
            statement.setString(2, pair[1]);
        }

        @Override
        public Object conflictKey(String[] pair) {
            return pair[0];
        }

        /** Like a revision: the higher value wins, whatever the order. */
        @Override
        public String[] survivor(String[] earlier, String[] later) {
            return later[1].compareTo(earlier[1]) >= 0 ? later : earlier;
        }
    };

    @Test
    void shouldRepeatTheRowOfTheUpsertAndKeepWhatFollowsIt() {
        MultiRowUpsert<String[]> upsert = new MultiRowUpsert<>(PAIRS);

        assertThat(upsert.sql(3)).isEqualTo("INSERT INTO pairs (k, v) VALUES (?, ?::jsonb), (?, ?::jsonb), (?, ?::jsonb) "
                + "ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v WHERE pairs.v IS DISTINCT FROM (EXCLUDED.v)");
        assertThat(upsert.sql(1)).isEqualTo(PAIRS.upsert());
    }

    @Test
    void shouldKeepOneValuePerKeyTheWritersSurvivorInTheOrderOfEachKeysLast() {
        List<String[]> latest = new MultiRowUpsert<>(PAIRS).latestPerKey(List.of(new String[] {"a", "1"}, new String[] {"b", "1"},
                new String[] {"a", "3"}, new String[] {"c", "1"}, new String[] {"a", "2"}));

        assertThat(latest).extracting(pair -> pair[0] + pair[1]).containsExactly("b1", "c1", "a3");
    }

    @Test
    void shouldBindEachRowAfterTheOneBefore() throws SQLException {
        List<String> calls = new ArrayList<>();
        PreparedStatement recording = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + "(" + args[0] + ", " + args[1] + ")");
                    return null;
                });

        PAIRS.bind(null, MultiRowUpsert.shifted(recording, 0), new String[] {"a", "1"});
        PAIRS.bind(null, MultiRowUpsert.shifted(recording, 2), new String[] {"b", "2"});

        assertThat(calls).containsExactly("setString(1, a)", "setString(2, 1)", "setString(3, b)", "setString(4, 2)");
    }

    @Test
    void shouldRefuseAnUpsertWithoutARowOfValues() {
        TableWriter<String> selecting = new TableWriter<>() {
            @Override
            public String upsert() {
                return "INSERT INTO t (k) SELECT k FROM unnest(?::text[]) AS s(k) ON CONFLICT DO NOTHING";
            }

            @Override
            public void bind(Connection connection, PreparedStatement statement, String value) {
            }
        };

        assertThatThrownBy(() -> new MultiRowUpsert<>(selecting)).hasMessageContaining("no VALUES");
    }
}
