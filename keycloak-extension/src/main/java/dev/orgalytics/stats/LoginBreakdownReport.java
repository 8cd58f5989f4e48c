package dev.orgalytics.stats;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Logins of the range broken down by client, by identity provider and by failure reason (insights):
 * where people sign in, through what, and why they fail. Each list is sorted by its count, largest
 * first, holds at most {@link #TOP} named rows, and sums the rest into one row marked {@code other}.
 * Read from the raw login events, with the logins report's filters.
 */
public final class LoginBreakdownReport {

    /** Named rows per list: the one limit of the three lists (clients, identity providers, errors). */
    public static final int TOP = 10;

    /** What one list groups by: the CSV's {@code dimension}, the JSON list and key, and the stored column. */
    public enum Dimension {
        /** Successful and failed logins per client. */
        CLIENT("client", "byClient", "clientId", "x.CLIENT_ID", ""),
        /** Successful logins per identity provider (null: the realm's own credentials); a failure names none. */
        IDENTITY_PROVIDER("identityProvider", "byIdentityProvider", "identityProvider", "x.IDENTITY_PROVIDER",
                " AND x.EVENT_TYPE = 'LOGIN'"),
        /** Failed logins per Keycloak error code ({@code invalid_user_credentials}, {@code user_not_found}, ...). */
        ERROR("error", "byError", "error", "x.ERROR", " AND x.EVENT_TYPE = 'LOGIN_ERROR'");

        public final String label;
        public final String listKey;
        public final String keyName;
        private final String column;
        private final String condition;

        Dimension(String label, String listKey, String keyName, String column, String condition) {
            this.label = label;
            this.listKey = listKey;
            this.keyName = keyName;
            this.column = column;
            this.condition = condition;
        }
    }

    /**
     * One row of a list. {@code value} null: no client recorded, no identity provider (the realm's
     * own credentials) or no error; and, with {@code other}, the sum of every row past the first
     * {@link #TOP}. {@code users}: distinct users among the row's logins (a failure Keycloak could not
     * attribute to a user is in none).
     */
    public record Row(Dimension dimension, String value, long logins, long failedLogins, long users, boolean other) {
    }

    public static final List<Column<Row>> CLIENT_COLUMNS = List.of(
            Column.optionalText("clientId", Row::value),
            Column.integer("logins", Row::logins),
            Column.integer("failedLogins", Row::failedLogins),
            Column.integer("users", Row::users),
            Column.bool("other", Row::other));

    public static final List<Column<Row>> IDENTITY_PROVIDER_COLUMNS = List.of(
            Column.optionalText("identityProvider", Row::value),
            Column.integer("logins", Row::logins),
            Column.integer("users", Row::users),
            Column.bool("other", Row::other));

    public static final List<Column<Row>> ERROR_COLUMNS = List.of(
            Column.optionalText("error", Row::value),
            Column.integer("failedLogins", Row::failedLogins),
            Column.integer("users", Row::users),
            Column.bool("other", Row::other));

    /** The CSV download: the three lists in one table, told apart by {@code dimension}. */
    public static final List<Column<Row>> CSV_COLUMNS = List.of(
            Column.text("dimension", r -> r.dimension().label),
            Column.optionalText("value", Row::value),
            Column.integer("logins", Row::logins),
            Column.integer("failedLogins", Row::failedLogins),
            Column.integer("users", Row::users),
            Column.bool("other", Row::other));

    private LoginBreakdownReport() {
    }

    /** The JSON columns of {@code dimension}'s list. */
    public static List<Column<Row>> columns(Dimension dimension) {
        return switch (dimension) {
            case CLIENT -> CLIENT_COLUMNS;
            case IDENTITY_PROVIDER -> IDENTITY_PROVIDER_COLUMNS;
            case ERROR -> ERROR_COLUMNS;
        };
    }

    /** The three lists, in the order of {@link Dimension}. */
    public static Map<Dimension, List<Row>> all(Jdbc db, UserFilter users, ReportRange range, String organizationId)
            throws SQLException {
        Map<Dimension, List<Row>> lists = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            lists.put(d, list(db, users, range, organizationId, d));
        }
        return lists;
    }

    /** One list: the largest {@link #TOP} rows, then the rest summed (when there is a rest). */
    public static List<Row> list(Jdbc db, UserFilter users, ReportRange range, String organizationId, Dimension dimension)
            throws SQLException {
        Sql where = LoginsReport.where(users, range, new LoginsReport.Filter(null, null, null, organizationId))
                .plus(dimension.condition);
        // A null key is grouped as '': no client id, alias or error code Keycloak records is empty.
        String key = "COALESCE(" + dimension.column + ", '')";
        List<Row> rows = new ArrayList<>();
        db.forEach(Sql.of("SELECT " + key + ", SUM(CASE WHEN x.EVENT_TYPE = 'LOGIN' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN x.EVENT_TYPE = 'LOGIN_ERROR' THEN 1 ELSE 0 END), COUNT(DISTINCT x.USER_ID)"
                + " FROM OA_LOGIN_EVENT x").plus(where).plus(" GROUP BY " + key), rs -> {
            String value = rs.getString(1);
            rows.add(new Row(dimension, value.isEmpty() ? null : value, rs.getLong(2), rs.getLong(3), rs.getLong(4), false));
        });
        rows.sort(Comparator.comparingLong((Row r) -> -(r.logins() + r.failedLogins()))
                .thenComparing(r -> r.value() == null ? "" : r.value()));
        if (rows.size() <= TOP) {
            return rows;
        }
        List<Row> out = new ArrayList<>(rows.subList(0, TOP));
        List<Row> rest = rows.subList(TOP, rows.size());
        List<String> named = out.stream().map(r -> r.value() == null ? "" : r.value()).toList();
        // Distinct users cannot be summed over rows (one user may be in several): counted again.
        long restUsers = db.count(Sql.of("SELECT COUNT(DISTINCT x.USER_ID) FROM OA_LOGIN_EVENT x").plus(where)
                .plus(" AND " + key + " NOT IN ").plus(Sql.in(named)));
        out.add(new Row(dimension, null, rest.stream().mapToLong(Row::logins).sum(),
                rest.stream().mapToLong(Row::failedLogins).sum(), restUsers, true));
        return out;
    }
}
