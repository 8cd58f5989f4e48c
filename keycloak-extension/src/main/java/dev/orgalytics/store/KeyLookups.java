package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Reads by many keys at once, one statement per chunk of keys: a chunk's IN list (or its OR of key
 * tuples) stays far below every driver's limit on parameters, and the statements stay few.
 */
final class KeyLookups {

    /** Keys per statement. */
    static final int CHUNK = 500;

    interface ChunkBinder<T> {
        void bind(PreparedStatement ps, List<T> chunk) throws SQLException;
    }

    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private KeyLookups() {
    }

    /** Runs {@code sql} of each chunk of {@code keys}, bound by {@code binder}, and reads every row it answers. */
    static <T> void select(Connection connection, List<T> keys, Function<List<T>, String> sql, ChunkBinder<T> binder,
                           RowReader reader) throws SQLException {
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<T> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            try (PreparedStatement ps = connection.prepareStatement(sql.apply(chunk))) {
                binder.bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }

    /** {@code ?, ?, ?} for an IN list of {@code count} values. */
    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** Binds {@code values} as strings from parameter {@code first} on. */
    static void bindStrings(PreparedStatement ps, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
    }
}
