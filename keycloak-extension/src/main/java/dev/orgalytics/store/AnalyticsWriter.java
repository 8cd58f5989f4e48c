package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes raw rows and their roll-ups over one JDBC connection, inside the caller's transaction.
 * Plain JDBC rather than JPA because the hot paths need batched inserts and atomic
 * "add to this counter" upserts, which JPA cannot express; reads go through JPA queries.
 */
public final class AnalyticsWriter {

    /** How many idempotency keys one look-up query carries. */
    private static final int KEY_LOOKUP_CHUNK = 500;
    /** Rows per multi-row INSERT: at 13 parameters a row, far below every driver's parameter limit. */
    private static final int INSERT_CHUNK = 500;
    private static final List<String> LOGIN_COLUMNS = List.of("ID", "REALM_ID", "USER_ID", "CLIENT_ID", "EVENT_TYPE",
            "SUCCESS", "ERROR", "IP_ADDRESS", "EVENT_TIME");
    private static final List<String> ACTION_COLUMNS = List.of("ID", "REALM_ID", "USER_ID", "CLIENT_ID", "ACTION",
            "CLIENT_KEY", "OCCURRED_AT", "RECEIVED_AT", "PAGE", "TARGET_TYPE", "TARGET_ID", "TARGET_NAME", "PROPERTIES");

    private final Connection connection;
    private final SqlDialect dialect;

    public AnalyticsWriter(Connection connection) throws SQLException {
        this.connection = connection;
        this.dialect = SqlDialect.of(connection.getMetaData().getDatabaseProductName());
    }

    /** Stores login events and adds them to the roll-ups. */
    public void writeLogins(List<LoginRow> rows) throws SQLException {
        Rollup rollup = new Rollup();
        insertRows("OA_LOGIN_EVENT", LOGIN_COLUMNS, rows, (ps, i, r) -> {
            ps.setString(++i, r.id());
            ps.setString(++i, r.realmId());
            setNullable(ps, ++i, r.userId());
            setNullable(ps, ++i, r.clientId());
            ps.setString(++i, r.type());
            ps.setBoolean(++i, r.success());
            setNullable(ps, ++i, r.error());
            setNullable(ps, ++i, r.ipAddress());
            ps.setLong(++i, r.time());
            return i;
        });
        for (LoginRow r : rows) {
            if (r.countsAsLogin()) {
                rollup.addLogin(r.realmId(), r.userId(), r.time(), r.success());
            }
        }
        applyRollup(rollup);
    }

    /**
     * Stores the actions whose idempotency key is new in their realm and adds them to the roll-ups.
     * A key repeated inside {@code rows}, or already stored, is not stored again. A concurrent
     * request storing the same key between the look-up and the insert makes the insert fail with a
     * unique violation ({@link #isUniqueViolation}); the caller retries the whole transaction, and
     * the look-up then sees the key.
     *
     * @return how many rows were stored; the rest were duplicates
     */
    /** Stores the rows whose idempotency key is new and returns those (the rest are duplicates). */
    public List<ActionRow> writeActions(List<ActionRow> rows) throws SQLException {
        Set<String> seenKeys = existingKeys(rows);
        List<ActionRow> fresh = new ArrayList<>(rows.size());
        for (ActionRow r : rows) {
            if (r.clientKey() == null || seenKeys.add(r.realmId() + '\u0000' + r.clientKey())) {
                fresh.add(r);
            }
        }
        insertRows("OA_ACTION", ACTION_COLUMNS, fresh, (ps, i, r) -> {
            ps.setString(++i, r.id());
            ps.setString(++i, r.realmId());
            ps.setString(++i, r.userId());
            setNullable(ps, ++i, r.clientId());
            ps.setString(++i, r.action());
            setNullable(ps, ++i, r.clientKey());
            ps.setLong(++i, r.occurredAt());
            ps.setLong(++i, r.receivedAt());
            setNullable(ps, ++i, r.page());
            setNullable(ps, ++i, r.targetType());
            setNullable(ps, ++i, r.targetId());
            setNullable(ps, ++i, r.targetName());
            setNullable(ps, ++i, r.propertiesJson());
            return i;
        });
        Rollup rollup = new Rollup();
        for (ActionRow r : fresh) {
            rollup.addAction(r.realmId(), r.userId(), r.occurredAt(), r.action());
        }
        applyRollup(rollup);
        return fresh;
    }

    /** Binds one row's values from parameter {@code index + 1} on and returns the last index used. */
    @FunctionalInterface
    private interface Binder<T> {
        int bind(PreparedStatement ps, int index, T row) throws SQLException;
    }

    /**
     * One multi-row INSERT per chunk of {@link #INSERT_CHUNK} rows: a hundred single-row statements
     * cost PostgreSQL several times as much as one statement with a hundred rows.
     */
    private <T> void insertRows(String table, List<String> columns, List<T> rows, Binder<T> binder) throws SQLException {
        String tuple = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        for (int from = 0; from < rows.size(); from += INSERT_CHUNK) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + INSERT_CHUNK));
            String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), tuple));
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 0;
                for (T row : chunk) {
                    i = binder.bind(ps, i, row);
                }
                ps.executeUpdate();
            }
        }
    }

    private Set<String> existingKeys(List<ActionRow> rows) throws SQLException {
        Set<String> found = new HashSet<>();
        List<ActionRow> keyed = rows.stream().filter(r -> r.clientKey() != null).toList();
        for (int from = 0; from < keyed.size(); from += KEY_LOOKUP_CHUNK) {
            List<ActionRow> chunk = keyed.subList(from, Math.min(keyed.size(), from + KEY_LOOKUP_CHUNK));
            StringBuilder sql = new StringBuilder("SELECT REALM_ID, CLIENT_KEY FROM OA_ACTION WHERE ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("(REALM_ID = ? AND CLIENT_KEY = ?)");
            }
            try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
                int i = 0;
                for (ActionRow r : chunk) {
                    ps.setString(++i, r.realmId());
                    ps.setString(++i, r.clientKey());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1) + '\u0000' + rs.getString(2));
                    }
                }
            }
        }
        return found;
    }

    /** Adds a batch's increments to the three roll-up tables, in key order. */
    public void applyRollup(Rollup rollup) throws SQLException {
        if (rollup.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsertActivity())) {
            for (Map.Entry<Rollup.ActivityKey, Rollup.Counts> e : rollup.activity().entrySet()) {
                Rollup.ActivityKey k = e.getKey();
                Rollup.Counts c = e.getValue();
                ps.setString(1, k.realmId());
                ps.setString(2, k.userId());
                ps.setLong(3, k.bucketStart());
                ps.setLong(4, c.logins());
                ps.setLong(5, c.failedLogins());
                ps.setLong(6, c.actions());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Map<Rollup.ActionKey, Long> actionCounts = rollup.actionCounts();
        if (!actionCounts.isEmpty()) {
            try (PreparedStatement ps = connection.prepareStatement(dialect.upsertActionCount())) {
                for (Map.Entry<Rollup.ActionKey, Long> e : actionCounts.entrySet()) {
                    Rollup.ActivityKey k = e.getKey().activity();
                    ps.setString(1, k.realmId());
                    ps.setString(2, k.userId());
                    ps.setLong(3, k.bucketStart());
                    ps.setString(4, e.getKey().action());
                    ps.setLong(5, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsertTotals())) {
            for (Map.Entry<Rollup.UserKey, Rollup.Totals> e : rollup.totals().entrySet()) {
                Rollup.Totals t = e.getValue();
                ps.setString(1, e.getKey().realmId());
                ps.setString(2, e.getKey().userId());
                ps.setLong(3, t.logins());
                ps.setLong(4, t.failedLogins());
                ps.setLong(5, t.actions());
                setNullable(ps, 6, t.lastLoginAt());
                setNullable(ps, 7, t.lastFailedLoginAt());
                setNullable(ps, 8, t.lastActionAt());
                setNullable(ps, 9, t.lastActiveAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Whether a failure is a unique-key clash that a retry of the whole transaction resolves. */
    public static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) ps.setNull(index, Types.VARCHAR);
        else ps.setString(index, value);
    }

    private static void setNullable(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, value);
    }

}
