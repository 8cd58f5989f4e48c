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

    /**
     * Tunes the request's transaction for reading reports, on PostgreSQL only: its JIT compiles a
     * large roll-up query for longer (~80 ms measured on 150,000 rows) than it then saves, and the
     * default 4 MB of {@code work_mem} makes a whole realm's sums and sorts spill to disk. No
     * parallel workers: a report should not take several of the database's cores from Keycloak's
     * logins, and on 2 cores the parallel plan of the top users was slower (180-260 ms against
     * 110 ms for 150,000 roll-up rows). The settings are {@code LOCAL}: they end with this
     * transaction and never reach Keycloak's own statements in other requests.
     */
    public void tuneForReports() throws SQLException {
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute("SET LOCAL jit = off");
            st.execute("SET LOCAL work_mem = '" + REPORT_WORK_MEM + "'");
            st.execute("SET LOCAL max_parallel_workers_per_gather = 0");
        }
    }

    /**
     * The database's aggregate that joins a group's texts with commas, {@code %s} standing for the
     * expression: PostgreSQL's {@code STRING_AGG}, MariaDB's {@code GROUP_CONCAT} (its default
     * 1 MB limit holds thousands of ids), H2's {@code LISTAGG}.
     */
    String listAggregate() throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if (product.equals("H2")) return "LISTAGG(%s, ',')";
        if (product.equals("MariaDB") || product.equals("MySQL")) return "GROUP_CONCAT(%s SEPARATOR ',')";
        return "STRING_AGG(%s, ',')";
    }

    /** Memory PostgreSQL may use per sort or hash of a report query before spilling to disk. */
    static final String REPORT_WORK_MEM = "64MB";

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

    /**
     * {@link #forEach}, planned by PostgreSQL for this statement's own values. The driver prepares a
     * statement on the server after five uses, and PostgreSQL may then keep a generic plan that
     * knows neither the range nor the ids of an {@code IN} list: at 500,000 users the generic plan
     * of the top users' sums read a whole month through an index on its counts (1.3 s against
     * 83 ms). Only for such statements: planning a statement of hundreds of ids afresh costs
     * milliseconds, which every other report statement keeps saving.
     */
    void forEachPlannedForItsValues(Sql sql, RowVisitor visitor) throws SQLException {
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            forEach(sql, visitor);
            return;
        }
        String before;
        try (java.sql.Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('plan_cache_mode'),"
                     + " set_config('plan_cache_mode', 'force_custom_plan', true)")) {
            rs.next();
            before = rs.getString(1);
        }
        try {
            forEach(sql, visitor);
        } finally {
            try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('plan_cache_mode', ?, true)")) {
                ps.setString(1, before);
                ps.execute();
            }
        }
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
