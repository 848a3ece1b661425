package org.procwatch.sink.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A writer's single-row upsert ({@code INSERT INTO t (...) VALUES (?, ...) ON CONFLICT ...}) made one statement for
 * many rows: {@code VALUES (?, ...), (?, ...), ...}. PostgreSQL plans and runs one statement where a JDBC batch has it
 * run one per row, which for rows of a few hundred bytes is most of its work. A key may appear only once in such a
 * statement ({@code ON CONFLICT DO UPDATE} cannot affect a row twice), so each key's value is the one the table would
 * have ended with ({@link TableWriter#survivor}).
 */
public final class MultiRowUpsert<V> {

    /** The most rows in one statement: PostgreSQL takes at most 65,535 parameters, and longer statements gain little. */
    static final int MAX_ROWS = 256;
    private static final int MAX_PARAMETERS = 32_767;
    private static final Pattern VALUES = Pattern.compile("\\bVALUES\\s*\\(");

    private final TableWriter<V> writer;
    private final String head;
    private final String row;
    private final String tail;
    private final int parametersPerRow;
    private final int rowsPerStatement;

    /** The writer's upsert as a multi-row statement; throws where its SQL has no single {@code VALUES (...)} row. */
    public MultiRowUpsert(TableWriter<V> writer) {
        this.writer = writer;
        String sql = writer.upsert();
        Matcher values = VALUES.matcher(sql);
        if (!values.find()) {
            throw new IllegalArgumentException("the upsert has no VALUES (...) to repeat: " + sql);
        }
        int open = values.end() - 1;
        int close = closing(sql, open);
        this.head = sql.substring(0, open);
        this.row = sql.substring(open, close + 1);
        this.tail = sql.substring(close + 1);
        this.parametersPerRow = (int) row.chars().filter(c -> c == '?').count();
        this.rowsPerStatement = Math.max(1, Math.min(MAX_ROWS, MAX_PARAMETERS / Math.max(1, parametersPerRow)));
    }

    private static int closing(String sql, int open) {
        int depth = 0;
        for (int i = open; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("the upsert's VALUES (...) is not closed: " + sql);
    }

    /** The statement for {@code rows} rows. */
    String sql(int rows) {
        StringBuilder sql = new StringBuilder(head.length() + tail.length() + rows * (row.length() + 2)).append(head);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(tail).toString();
    }

    /** One value per key ({@link TableWriter#conflictKey}, {@link TableWriter#survivor}), in the order of each key's last. */
    List<V> latestPerKey(List<V> values) {
        Map<Object, V> latest = new LinkedHashMap<>();
        for (V value : values) {
            Object key = writer.conflictKey(value);
            V earlier = latest.remove(key); // so that the order is that of each key's last value
            latest.put(key, earlier == null ? value : writer.survivor(earlier, value));
        }
        return new ArrayList<>(latest.values());
    }

    /** Writes one value per key, in statements of up to {@link #MAX_ROWS} rows; returns how many rows were written. */
    public int write(Connection connection, List<V> values) throws SQLException {
        List<V> rows = latestPerKey(values);
        for (int from = 0; from < rows.size(); from += rowsPerStatement) {
            List<V> chunk = rows.subList(from, Math.min(rows.size(), from + rowsPerStatement));
            try (PreparedStatement statement = connection.prepareStatement(sql(chunk.size()))) {
                for (int i = 0; i < chunk.size(); i++) {
                    writer.bind(connection, shifted(statement, i * parametersPerRow), chunk.get(i));
                }
                statement.executeUpdate();
            }
        }
        return rows.size();
    }

    /**
     * The statement as a writer binding one row sees it: its parameter {@code n} is the statement's {@code n + shift}.
     * Writers bind by index from 1, as for a single row; this lets them bind row after row without knowing it.
     */
    static PreparedStatement shifted(PreparedStatement statement, int shift) {
        if (shift == 0) {
            return statement;
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length >= 2 && method.getParameterTypes()[0] == int.class) {
                args[0] = (Integer) args[0] + shift;
            }
            try {
                return method.invoke(statement, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                handler);
    }
}
