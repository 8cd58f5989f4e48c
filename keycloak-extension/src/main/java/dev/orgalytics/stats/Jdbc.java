package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link Sql} on one JDBC connection (the request transaction's, lent by Keycloak): the few
 * ways the reports read results. Statements and result sets are closed here, never by a report.
 */
public final class Jdbc {

    /** Rows read per round trip when a report streams every row (exports). */
    static final int FETCH_SIZE = 1000;

    private final Connection connection;

    public Jdbc(Connection connection) {
        this.connection = connection;
    }

    /** Reads one row of a result into a value. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Receives a report's rows one at a time (into a page, or straight into a CSV download). It may
     * itself query the same connection (a user's groups and roles) while the rows still stream.
     */
    @FunctionalInterface
    public interface RowSink<T> {
        void accept(T row) throws IOException, SQLException;
    }

    /** Sees each row of a result; used where rows are folded into something else (a map, counters). */
    @FunctionalInterface
    public interface RowVisitor {
        void visit(ResultSet rs) throws SQLException;
    }

    Connection connection() {
        return connection;
    }

    PreparedStatement prepare(Sql sql) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql.text());
        try {
            List<Object> params = sql.params();
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** The one row of a query answering numbers (counts, sums), as longs in column order. */
    long[] longs(Sql sql) throws SQLException {
        try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no row: " + sql.text());
            }
            long[] out = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        }
    }

    /** The first number of a one-row query, such as a {@code COUNT(*)}. */
    long count(Sql sql) throws SQLException {
        return longs(sql)[0];
    }

    /** Every row read with {@code reader}, for results small enough to hold (bounded by a LIMIT or the range). */
    <T> List<T> list(Sql sql, RowReader<T> reader) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(reader.read(rs));
            }
        }
        return out;
    }

    void forEach(Sql sql, RowVisitor visitor) throws SQLException {
        try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                visitor.visit(rs);
            }
        }
    }

    /**
     * Sends every row to {@code sink} as it arrives, {@link #FETCH_SIZE} rows per round trip, so an
     * export of any length holds one batch in memory (PostgreSQL streams only inside a transaction,
     * which the request's is).
     */
    <T> void stream(Sql sql, RowReader<T> reader, RowSink<T> sink) throws SQLException, IOException {
        try (PreparedStatement ps = prepare(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(reader.read(rs));
                }
            }
        }
    }

    /** {@code column}'s value, or null where the database holds NULL (a plain getLong would answer 0). */
    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
