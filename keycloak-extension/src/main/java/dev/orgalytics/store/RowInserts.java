package dev.orgalytics.store;

import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Multi-row INSERTs: one statement per chunk of {@link #CHUNK} rows, because a hundred single-row
 * statements cost PostgreSQL several times as much as one statement with a hundred rows. On
 * PostgreSQL the rows travel as one array per column ({@code INSERT ... SELECT * FROM UNNEST(...)}):
 * binding 1,300 parameters one by one (100 actions of 13 columns) was the largest share of
 * Keycloak's CPU time while ingesting, and the statement's text no longer depends on the row count,
 * so the driver prepares it once per connection.
 */
final class RowInserts {

    /** Rows per multi-row statement: at 13 parameters a row, far below every driver's parameter limit. */
    static final int CHUNK = 500;

    private RowInserts() {
    }

    /** Binds one row's values from parameter {@code index + 1} on and returns the last index used. */
    @FunctionalInterface
    interface Binder<T> {
        int bind(PreparedStatement ps, int index, T row) throws SQLException;
    }

    /** Inserts {@code rows} into {@code table}, {@code suffix} after each statement's rows; returns the update count. */
    static <T> int insert(Connection connection, SqlDialect dialect, String table, List<String> columns, List<T> rows,
                          String suffix, Binder<T> binder) throws SQLException {
        int inserted = 0;
        for (Statement statement : statements(connection, dialect, table, columns, rows, suffix, binder)) {
            try (PreparedStatement ps = connection.prepareStatement(statement.sql())) {
                statement.parameters().bind(ps, 0);
                inserted += ps.executeUpdate();
            }
        }
        return inserted;
    }

    /** Adds the inserts of {@code rows} into {@code table} to {@code round}, for rows whose update count nobody reads. */
    static <T> void insert(StatementRound round, Connection connection, SqlDialect dialect, String table, List<String> columns,
                           List<T> rows, Binder<T> binder) throws SQLException {
        for (Statement statement : statements(connection, dialect, table, columns, rows, "", binder)) {
            round.add(statement.sql(), statement.parameters());
        }
    }

    private record Statement(String sql, StatementRound.Parameters parameters) {
    }

    private static <T> List<Statement> statements(Connection connection, SqlDialect dialect, String table, List<String> columns,
                                                  List<T> rows, String suffix, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        if (dialect == SqlDialect.POSTGRES) {
            return List.of(columnsStatement(connection, table, columns, rows, suffix, binder));
        }
        String tuple = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        List<Statement> statements = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), tuple)) + suffix;
            statements.add(new Statement(sql, (ps, i) -> {
                for (T row : chunk) {
                    i = binder.bind(ps, i, row);
                }
                return i;
            }));
        }
        return statements;
    }

    /** PostgreSQL: the rows as one typed array per column, unnested into rows by the server. */
    private static <T> Statement columnsStatement(Connection connection, String table, List<String> columns, List<T> rows,
                                                  String suffix, Binder<T> binder) throws SQLException {
        ColumnValues values = new ColumnValues(columns.size(), rows.size());
        PreparedStatement recorder = values.recorder();
        for (T row : rows) {
            binder.bind(recorder, 0, row);
            values.nextRow();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(String.join(", ", columns))
                .append(") SELECT * FROM UNNEST(");
        Array[] arrays = new Array[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            sql.append(c == 0 ? "" : ", ").append("CAST(? AS ").append(values.type(c)).append("[])");
            arrays[c] = connection.createArrayOf(values.type(c), values.column(c));
        }
        sql.append(")").append(suffix);
        return new Statement(sql.toString(), (ps, i) -> {
            for (Array array : arrays) {
                ps.setArray(++i, array);
            }
            return i;
        });
    }

    /**
     * What a {@link Binder} binds, collected per column: a stand-in statement records each
     * {@code setString}/{@code setLong}/{@code setBoolean}/{@code setInt}/{@code setNull} by parameter
     * index, so the binders that serve the multi-row statements serve the arrays unchanged.
     */
    private static final class ColumnValues {
        private final Object[][] columns;
        private final String[] types;
        private int row;

        ColumnValues(int columnCount, int rowCount) {
            columns = new Object[columnCount][rowCount];
            types = new String[columnCount];
        }

        PreparedStatement recorder() {
            return (PreparedStatement) Proxy.newProxyInstance(RowInserts.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                        int c = (Integer) args[0] - 1;
                        switch (method.getName()) {
                            case "setString" -> set(c, "varchar", args[1]);
                            case "setLong" -> set(c, "int8", args[1]);
                            case "setInt" -> set(c, "int4", args[1]);
                            case "setBoolean" -> set(c, "bool", args[1]);
                            case "setNull" -> set(c, typeOf((Integer) args[1]), null);
                            default -> throw new UnsupportedOperationException("RowInserts cannot collect " + method.getName());
                        }
                        return null;
                    });
        }

        private void set(int column, String type, Object value) {
            columns[column][row] = value;
            if (types[column] == null) {
                types[column] = type;
            } else if (!types[column].equals(type)) {
                throw new IllegalStateException("column " + (column + 1) + " bound as " + types[column] + " and " + type);
            }
        }

        private static String typeOf(int sqlType) {
            return switch (sqlType) {
                case Types.VARCHAR -> "varchar";
                case Types.BIGINT -> "int8";
                case Types.INTEGER -> "int4";
                case Types.BOOLEAN -> "bool";
                default -> throw new UnsupportedOperationException("RowInserts cannot collect SQL type " + sqlType);
            };
        }

        void nextRow() {
            row++;
        }

        String type(int column) {
            return types[column];
        }

        Object[] column(int column) {
            return columns[column];
        }
    }

    /** Binds a nullable text column. */
    static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) ps.setNull(index, Types.VARCHAR);
        else ps.setString(index, value);
    }

    /** Binds a nullable BIGINT column. */
    static void setNullable(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, value);
    }
}
