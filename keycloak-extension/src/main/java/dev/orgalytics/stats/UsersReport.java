package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The users report, one row per user of the filter (active or not) with the range's counters and
 * the all-time last login and last action; and one user's detail: actions per name and a daily
 * series. Users come from Keycloak's {@code USER_ENTITY}, counters from the roll-ups.
 */
public final class UsersReport {

    private UsersReport() {
    }

    public record UserRow(String id, String username, String firstName, String lastName, String email,
                          boolean enabled, Long createdAt, List<String> groups, List<String> roles, long logins,
                          long failedLogins, Long lastLoginAt, long actions, Long lastActionAt) {

        UserRow withGroupsAndRoles(List<String> groups, List<String> roles) {
            return new UserRow(id, username, firstName, lastName, email, enabled, createdAt, groups, roles, logins,
                    failedLogins, lastLoginAt, actions, lastActionAt);
        }
    }

    /** The fields of a user row (openapi.json's {@code User}), in the order they are answered. */
    public static final List<Column<UserRow>> COLUMNS = List.of(
            Column.text("id", UserRow::id),
            Column.text("username", UserRow::username),
            Column.optionalText("firstName", UserRow::firstName),
            Column.optionalText("lastName", UserRow::lastName),
            Column.optionalText("email", UserRow::email),
            Column.bool("enabled", UserRow::enabled),
            // Keycloak's CREATED_TIMESTAMP column allows NULL (users older than Keycloak 1.4 have none).
            Column.optionalTime("createdAt", UserRow::createdAt),
            Column.texts("groups", UserRow::groups),
            Column.texts("roles", UserRow::roles),
            Column.integer("logins", UserRow::logins),
            Column.integer("failedLogins", UserRow::failedLogins),
            Column.optionalTime("lastLoginAt", UserRow::lastLoginAt),
            Column.integer("actions", UserRow::actions),
            Column.optionalTime("lastActionAt", UserRow::lastActionAt));

    /** One day of a user's daily series. */
    public record Day(LocalDate date, long logins, long failedLogins, long actions) {
    }

    public static final List<Column<Day>> DAY_COLUMNS = List.of(
            Column.date("date", Day::date),
            Column.integer("logins", Day::logins),
            Column.integer("failedLogins", Day::failedLogins),
            Column.integer("actions", Day::actions));

    /** Sortable columns of the users report and their SQL. */
    public enum UserSort {
        USERNAME("u.USERNAME"), EMAIL("COALESCE(u.EMAIL, '')"), CREATEDAT("COALESCE(u.CREATED_TIMESTAMP, 0)"),
        FIRSTNAME("COALESCE(u.FIRST_NAME, '')"), LASTNAME("COALESCE(u.LAST_NAME, '')"),
        LOGINS("COALESCE(a.LOGINS, 0)"), ACTIONS("COALESCE(a.ACTIONS, 0)"),
        // Never = -1: sorted ascending, users who never logged in come first, the ones to follow up.
        LASTLOGINAT("COALESCE(t.LAST_LOGIN_AT, -1)"), LASTACTIONAT("COALESCE(t.LAST_ACTION_AT, -1)");

        final String sql;

        UserSort(String sql) {
            this.sql = sql;
        }
    }

    public static long count(Jdbc db, UserFilter users) throws SQLException {
        return count(db, users, Sql.EMPTY);
    }

    /** Users of the filter that also meet {@code andCondition} (" AND ..." on {@code u}). */
    static long count(Jdbc db, UserFilter users, Sql andCondition) throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM USER_ENTITY u WHERE ").plus(users.userCondition()).plus(andCondition));
    }

    /** A page of the report, sorted by {@code sort} then username; {@code max} null streams every row (exports). */
    public static void list(Jdbc db, UserFilter users, ReportRange range, UserSort sort, boolean descending, int first,
                            Integer max, Jdbc.RowSink<UserRow> sink) throws SQLException, IOException {
        if (max != null && descending && (sort == UserSort.ACTIONS || sort == UserSort.LOGINS)
                && topUsers(db, users, range, sort, first, max, sink)) {
            return;
        }
        Sql sql = Sql.of("SELECT u.ID, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL, u.ENABLED, u.CREATED_TIMESTAMP,"
                + " a.LOGINS, a.FAILED_LOGINS, a.ACTIONS, t.LAST_LOGIN_AT, t.LAST_ACTION_AT"
                + " FROM USER_ENTITY u LEFT JOIN (").plus(userSums(users.realmId(), range)).plus(") a ON a.USER_ID = u.ID"
                + " LEFT JOIN OA_USER_TOTALS t ON t.REALM_ID = u.REALM_ID AND t.USER_ID = u.ID WHERE ")
                .plus(users.userCondition())
                .plus(" ORDER BY " + sort.sql + (descending ? " DESC" : " ASC") + ", u.USERNAME ASC")
                .page(first, max);
        UserDetails details = new UserDetails(db, users.realmId(), sink);
        db.stream(sql, rs -> new UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getBoolean(6), Jdbc.nullableLong(rs, 7), List.of(), List.of(),
                rs.getLong(8), rs.getLong(9), Jdbc.nullableLong(rs, 11), rs.getLong(10), Jdbc.nullableLong(rs, 12)), details::add);
        details.flush();
    }

    /** Per user: summed LOGINS, FAILED_LOGINS and ACTIONS of the range, read through the cheapest pieces. */
    private static Sql userSums(String realmId, ReportRange range) {
        return Sql.of("SELECT r.USER_ID, SUM(r.LOGINS) AS LOGINS, SUM(r.FAILED_LOGINS) AS FAILED_LOGINS, SUM(r.ACTIONS) AS ACTIONS"
                + " FROM (").plus(RollupRows.userActivity(RollupPlan.forSums(range.start().toEpochMilli(),
                range.end().toEpochMilli()), realmId, null)).plus(") r GROUP BY r.USER_ID");
    }

    /**
     * A page of "most logins / actions first" without joining every user of the realm to the sums:
     * the users with a positive value come first in that order, so the page is among the sums'
     * largest values (ties at the page's end included); only those users are looked up. Answers
     * false, having sent nothing, when the page reaches the users with nothing in the range.
     */
    private static boolean topUsers(Jdbc db, UserFilter users, ReportRange range, UserSort sort, int first, int max,
                                    Jdbc.RowSink<UserRow> sink) throws SQLException, IOException {
        String column = sort == UserSort.ACTIONS ? "ACTIONS" : "LOGINS";
        Sql sql = Sql.of("SELECT s.USER_ID, s.LOGINS, s.FAILED_LOGINS, s.ACTIONS FROM (").plus(userSums(users.realmId(), range))
                .plus(") s WHERE s." + column + " > 0 AND ").plus(users.restriction("s.USER_ID"))
                .plus(" ORDER BY s." + column + " DESC");
        int needed = first + max;
        Map<String, long[]> candidates = new LinkedHashMap<>();
        try (PreparedStatement ps = db.prepare(sql)) {
            ps.setFetchSize(needed + 100);
            try (ResultSet rs = ps.executeQuery()) {
                long boundary = -1;
                while (rs.next()) {
                    long value = rs.getLong(column);
                    if (candidates.size() >= needed && value < boundary) {
                        break;
                    }
                    if (candidates.size() == needed - 1) {
                        boundary = value;
                    }
                    candidates.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
        }
        if (candidates.size() < needed) {
            return false;
        }
        List<UserRow> rows = new ArrayList<>(candidates.size());
        List<String> ids = new ArrayList<>(candidates.keySet());
        for (int from = 0; from < ids.size(); from += UserDetails.CHUNK) {
            rows.addAll(db.list(Sql.of("SELECT u.ID, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL, u.ENABLED,"
                    + " u.CREATED_TIMESTAMP, t.LAST_LOGIN_AT, t.LAST_ACTION_AT FROM USER_ENTITY u"
                    + " LEFT JOIN OA_USER_TOTALS t ON t.REALM_ID = u.REALM_ID AND t.USER_ID = u.ID"
                    + " WHERE u.REALM_ID = ? AND u.ID IN ", users.realmId())
                    .plus(Sql.in(ids.subList(from, Math.min(ids.size(), from + UserDetails.CHUNK)))), rs -> {
                        long[] v = candidates.get(rs.getString(1));
                        return new UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getBoolean(6), Jdbc.nullableLong(rs, 7), List.of(), List.of(), v[0], v[1],
                                Jdbc.nullableLong(rs, 8), v[2], Jdbc.nullableLong(rs, 9));
                    }));
        }
        rows.sort(Comparator.comparingLong((UserRow r) -> sort == UserSort.ACTIONS ? r.actions() : r.logins()).reversed()
                .thenComparing(UserRow::username));
        UserDetails details = new UserDetails(db, users.realmId(), sink);
        for (UserRow r : rows.subList(Math.min(first, rows.size()), Math.min(needed, rows.size()))) {
            details.add(r);
        }
        details.flush();
        return true;
    }

    /** One user's row with the range's actions per name and the daily series. */
    public record Detail(UserRow user, Map<String, Long> actionsByType, List<Day> daily) {
    }

    /** The detail of a user of the realm (who must be in {@code USER_ENTITY}: Keycloak's own users are). */
    public static Detail detail(Jdbc db, String realmId, String userId, ReportRange range) throws SQLException, IOException {
        List<UserRow> row = new ArrayList<>(1);
        list(db, UserFilter.realm(realmId).onlyUser(userId), range, UserSort.USERNAME, false, 0, 1, row::add);
        if (row.isEmpty()) {
            throw new IllegalStateException("user " + userId + " of realm " + realmId + " is not in USER_ENTITY");
        }
        return new Detail(row.get(0), actionsByType(db, realmId, userId, range), days(db, realmId, userId, range));
    }

    /** Daily series of one user over the range, every day present. */
    static List<Day> days(Jdbc db, String realmId, String userId, ReportRange range) throws SQLException {
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (LocalDate d = range.fromDate(); !d.isAfter(range.toDate()); d = d.plusDays(1)) {
            days.put(d, new long[3]);
        }
        db.forEach(Sql.of("SELECT a.BUCKET_START, a.LOGINS, a.FAILED_LOGINS, a.ACTIONS"
                + " FROM OA_USER_ACTIVITY a WHERE a.REALM_ID = ? AND a.BUCKET_START >= ? AND a.BUCKET_START < ?"
                + " AND a.USER_ID = ?", realmId, range.start().toEpochMilli(), range.end().toEpochMilli(), userId), rs -> {
            long[] d = days.get(LocalDate.ofInstant(Instant.ofEpochMilli(rs.getLong(1)), range.zone()));
            if (d != null) {
                d[0] += rs.getLong(2);
                d[1] += rs.getLong(3);
                d[2] += rs.getLong(4);
            }
        });
        List<Day> out = new ArrayList<>(days.size());
        days.forEach((date, v) -> out.add(new Day(date, v[0], v[1], v[2])));
        return out;
    }

    /** One user's actions per name in the range. */
    static Map<String, Long> actionsByType(Jdbc db, String realmId, String userId, ReportRange range) throws SQLException {
        return SummaryReport.actionsByType(db, UserFilter.realm(realmId), range.start(), range.end(), userId);
    }
}
