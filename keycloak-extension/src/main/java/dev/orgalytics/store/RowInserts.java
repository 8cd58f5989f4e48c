package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Multi-row INSERTs: one statement per chunk of {@link #CHUNK} rows, because a hundred single-row
 * statements cost PostgreSQL several times as much as one statement with a hundred rows.
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

    /** Inserts {@code rows} into {@code table}, {@code suffix} after each statement's VALUES; returns the update count. */
    static <T> int insert(Connection connection, String table, List<String> columns, List<T> rows, String suffix,
                          Binder<T> binder) throws SQLException {
        String tuple = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        int inserted = 0;
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), tuple)) + suffix;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 0;
                for (T row : chunk) {
                    i = binder.bind(ps, i, row);
                }
                inserted += ps.executeUpdate();
            }
        }
        return inserted;
    }
}
