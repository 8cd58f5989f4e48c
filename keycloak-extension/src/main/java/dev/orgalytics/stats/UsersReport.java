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
        list(db, users, range, sort, descending, first, max, COLUMNS, sink);
    }

    /**
     * The same, for a request that answers only {@code columns}: the range's sums and the groups and
     * roles are read only when answered (or sorted by), so "every user's last login" reads neither.
     * Fields not answered are left empty in the rows.
     */
    public static void list(Jdbc db, UserFilter users, ReportRange range, UserSort sort, boolean descending, int first,
                            Integer max, List<Column<UserRow>> columns, Jdbc.RowSink<UserRow> sink) throws SQLException, IOException {
        java.util.Set<String> answered = new java.util.HashSet<>();
        columns.forEach(c -> answered.add(c.name()));
        boolean sums = sort == UserSort.LOGINS || sort == UserSort.ACTIONS || answered.contains("logins")
                || answered.contains("failedLogins") || answered.contains("actions");
        boolean groupsAndRoles = answered.contains("groups") || answered.contains("roles");
        boolean totals = sort == UserSort.LASTLOGINAT || sort == UserSort.LASTACTIONAT || answered.contains("lastLoginAt")
                || answered.contains("lastActionAt");
        if (max != null && descending && (sort == UserSort.ACTIONS || sort == UserSort.LOGINS)
                && topUsers(db, users, range, sort, first, max, sink)) {
            return;
        }
        if (max != null && descending && (sort == UserSort.LASTLOGINAT || sort == UserSort.LASTACTIONAT)
                && latestUsers(db, users, range, sort, first, max, sink)) {
            return;
        }
        // A page looks its users' groups and roles up by id; an export has them aggregated in its own query.
        boolean export = max == null && groupsAndRoles;
        // Fields not answered are selected as constants: a sort of a whole realm then carries narrow
        // rows (in memory instead of spilled to disk); ORDER BY reads the tables' columns, not these.
        java.util.function.BiFunction<String, String, String> field = (name, expr) ->
                answered.contains(name) ? expr : name.equals("enabled") ? "TRUE" : "NULL";
        Sql sql = Sql.of("SELECT u.ID, u.USERNAME, " + field.apply("firstName", "u.FIRST_NAME") + ", "
                + field.apply("lastName", "u.LAST_NAME") + ", " + field.apply("email", "u.EMAIL") + ", "
                + field.apply("enabled", "u.ENABLED") + ", " + field.apply("createdAt", "u.CREATED_TIMESTAMP") + ","
                + (sums ? " a.LOGINS, a.FAILED_LOGINS, a.ACTIONS, " : " 0, 0, 0, ") + field.apply("lastLoginAt", "t.LAST_LOGIN_AT")
                + ", " + field.apply("lastActionAt", "t.LAST_ACTION_AT")
                + (export ? ", " + UserDetails.ForExport.exportColumns() : "") + " FROM USER_ENTITY u")
                .plus(sums ? Sql.of(" LEFT JOIN (").plus(userSums(users.realmId(), range)).plus(") a ON a.USER_ID = u.ID") : Sql.EMPTY)
                .plus(totals ? " LEFT JOIN OA_USER_TOTALS t ON t.REALM_ID = u.REALM_ID AND t.USER_ID = u.ID" : "")
                .plus(export ? UserDetails.ForExport.exportJoins(db, users.realmId()) : Sql.EMPTY)
                .plus(" WHERE ").plus(users.userCondition())
                .plus(" ORDER BY " + sort.sql + (descending ? " DESC" : " ASC") + ", u.USERNAME ASC")
                .page(first, max);
        Jdbc.RowReader<UserRow> reader = rs -> new UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getBoolean(6), Jdbc.nullableLong(rs, 7), List.of(), List.of(),
                rs.getLong(8), rs.getLong(9), Jdbc.nullableLong(rs, 11), rs.getLong(10), Jdbc.nullableLong(rs, 12));
        if (export) {
            UserDetails.ForExport names = UserDetails.ForExport.read(db, users.realmId());
            db.stream(sql, rs -> names.complete(reader.read(rs), rs.getString(13), rs.getString(14)), sink);
            return;
        }
        if (!groupsAndRoles) {
            db.stream(sql, reader, sink);
            return;
        }
        UserDetails<UserRow> details = UserDetails.ofUsers(db, users.realmId(), sink);
        db.stream(sql, reader, details::add);
        details.flush();
    }

    /** Per user: summed LOGINS, FAILED_LOGINS and ACTIONS of the range, read through the cheapest pieces. */
    private static Sql userSums(String realmId, ReportRange range) {
        return userSums(realmId, range, Sql.EMPTY);
    }

    /** {@link #userSums(String, ReportRange)} of the roll-up rows that also meet {@code condition} (" AND ..."). */
    private static Sql userSums(String realmId, ReportRange range, Sql condition) {
        return Sql.of("SELECT r.USER_ID, SUM(r.LOGINS) AS LOGINS, SUM(r.FAILED_LOGINS) AS FAILED_LOGINS, SUM(r.ACTIONS) AS ACTIONS"
                + " FROM (").plus(RollupRows.userActivity(RollupPlan.forSums(range.start().toEpochMilli(),
                range.end().toEpochMilli()), realmId, condition)).plus(") r GROUP BY r.USER_ID");
    }

    /**
     * The range's {logins, failed logins, actions} of each of {@code ids} with any activity in it,
     * put into {@code sums}. Read by id, so planned for the ids ({@link Jdbc#forEachPlannedForItsValues}).
     */
    static void sumsById(Jdbc db, String realmId, ReportRange range, List<String> ids, Map<String, long[]> sums)
            throws SQLException {
        for (int from = 0; from < ids.size(); from += UserDetails.CHUNK) {
            Sql chunk = Sql.in(ids.subList(from, Math.min(ids.size(), from + UserDetails.CHUNK)));
            db.forEachPlannedForItsValues(Sql.of("SELECT a.USER_ID, a.LOGINS, a.FAILED_LOGINS, a.ACTIONS FROM (")
                            .plus(userSums(realmId, range, Sql.of(" AND USER_ID IN ").plus(chunk))).plus(") a"),
                    rs -> sums.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)}));
        }
    }

    /**
     * A page of "most logins / actions first" without joining every user of the realm to the sums:
     * the users with a positive value come first in that order, so the page is among the sums'
     * largest values (ties at the page's end included); only those users are looked up. For the
     * whole realm the candidates are found from the month rows' indexes ({@link LargestUserSums})
     * without summing every user. Answers false, having sent nothing, when the page reaches the
     * users with nothing in the range.
     */
    private static boolean topUsers(Jdbc db, UserFilter users, ReportRange range, UserSort sort, int first, int max,
                                    Jdbc.RowSink<UserRow> sink) throws SQLException, IOException {
        String column = sort == UserSort.ACTIONS ? "ACTIONS" : "LOGINS";
        Map<String, long[]> largest = users.wholeRealm() ? LargestUserSums.find(db, users, range, column, first + max) : null;
        if (largest != null) {
            return sendPage(db, users, range, largest.keySet(), sums(largest), sort, first, max, sink);
        }
        Sql ranked = Sql.of("SELECT s.USER_ID, s." + column + ", s.LOGINS, s.FAILED_LOGINS, s.ACTIONS FROM (")
                .plus(userSums(users.realmId(), range)).plus(") s WHERE s." + column + " > 0 AND ").plus(users.restriction("s.USER_ID"));
        Map<String, long[]> candidates = pageCandidates(db, ranked, "s." + column, first + max);
        if (candidates == null) {
            return false;
        }
        return sendPage(db, users, range, candidates.keySet(), sums(candidates), sort, first, max, sink);
    }

    /** The candidates' sums, which came with them as {rank value, logins, failed logins, actions}. */
    private static Map<String, long[]> sums(Map<String, long[]> candidates) {
        Map<String, long[]> sums = new java.util.HashMap<>();
        candidates.forEach((id, v) -> sums.put(id, new long[] {v[1], v[2], v[3]}));
        return sums;
    }

    /**
     * A page of "latest login / action first": the users who have one come first, newest first, so
     * the page is among the newest values of {@code OA_USER_TOTALS} (an index on the realm and the
     * last login); only those users are looked up and summed. Answers false, having sent nothing,
     * when the page reaches users who never logged in (or never acted).
     */
    private static boolean latestUsers(Jdbc db, UserFilter users, ReportRange range, UserSort sort, int first, int max,
                                       Jdbc.RowSink<UserRow> sink) throws SQLException, IOException {
        String column = sort == UserSort.LASTLOGINAT ? "t.LAST_LOGIN_AT" : "t.LAST_ACTION_AT";
        Sql ranked = Sql.of("SELECT t.USER_ID, " + column + " FROM OA_USER_TOTALS t WHERE t.REALM_ID = ? AND "
                + column + " IS NOT NULL AND ", users.realmId()).plus(users.restriction("t.USER_ID"));
        Map<String, long[]> candidates = pageCandidates(db, ranked, column, first + max);
        if (candidates == null) {
            return false;
        }
        return sendPage(db, users, range, candidates.keySet(), null, sort, first, max, sink);
    }

    /** Rows read beyond a page, so that ties at the page's end rarely need a second query. */
    private static final int TIE_SLACK = 100;

    /**
     * The users of {@code ranked} ({@code USER_ID, value, more numbers...}) whose value is at least
     * the {@code needed}-th largest, ties at that value included, largest first, each with its
     * numbers (the value first); null when fewer than {@code needed} rows exist. A LIMIT, not a
     * cursor, so that PostgreSQL sorts only the top.
     */
    private static Map<String, long[]> pageCandidates(Jdbc db, Sql ranked, String valueSql, int needed) throws SQLException {
        int limit = needed + TIE_SLACK;
        Jdbc.RowReader<Map.Entry<String, long[]>> reader = rs -> {
            long[] numbers = new long[rs.getMetaData().getColumnCount() - 1];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = rs.getLong(i + 2);
            }
            return Map.entry(rs.getString(1), numbers);
        };
        List<Map.Entry<String, long[]>> rows = db.list(ranked.plus(" ORDER BY " + valueSql + " DESC").page(0, limit), reader);
        if (rows.size() < needed) {
            return null;
        }
        long boundary = rows.get(needed - 1).getValue()[0];
        if (rows.size() == limit && rows.get(limit - 1).getValue()[0] == boundary) {
            // More ties at the boundary than the slack: read every one of them.
            rows = db.list(ranked.plus(Sql.of(" AND " + valueSql + " >= ?", boundary)).plus(" ORDER BY " + valueSql + " DESC"), reader);
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> r : rows) {
            if (r.getValue()[0] >= boundary) {
                out.put(r.getKey(), r.getValue());
            }
        }
        return out;
    }

    /**
     * Looks up the candidates' rows (names, totals, the range's sums unless known), sorts them as
     * the report does and sends the page. Answers false, having sent nothing, if a candidate is not a user of
     * the filter any more (deleted meanwhile): the caller then takes the general query.
     */
    private static boolean sendPage(Jdbc db, UserFilter users, ReportRange range, java.util.Collection<String> candidates,
                                    Map<String, long[]> knownSums, UserSort sort, int first, int max, Jdbc.RowSink<UserRow> sink)
            throws SQLException, IOException {
        List<String> ids = new ArrayList<>(candidates);
        Map<String, long[]> sums = knownSums != null ? knownSums : new java.util.HashMap<>();
        List<UserRow> rows = new ArrayList<>(ids.size());
        if (knownSums == null) {
            sumsById(db, users.realmId(), range, ids, sums);
        }
        for (int from = 0; from < ids.size(); from += UserDetails.CHUNK) {
            Sql chunk = Sql.in(ids.subList(from, Math.min(ids.size(), from + UserDetails.CHUNK)));
            rows.addAll(db.list(Sql.of("SELECT u.ID, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL, u.ENABLED,"
                    + " u.CREATED_TIMESTAMP, t.LAST_LOGIN_AT, t.LAST_ACTION_AT FROM USER_ENTITY u"
                    + " LEFT JOIN OA_USER_TOTALS t ON t.REALM_ID = u.REALM_ID AND t.USER_ID = u.ID WHERE ")
                    .plus(users.userCondition()).plus(" AND u.ID IN ").plus(chunk), rs -> {
                        long[] v = sums.getOrDefault(rs.getString(1), new long[3]);
                        return new UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getBoolean(6), Jdbc.nullableLong(rs, 7), List.of(), List.of(), v[0], v[1],
                                Jdbc.nullableLong(rs, 8), v[2], Jdbc.nullableLong(rs, 9));
                    }));
        }
        if (rows.size() < ids.size()) {
            return false;
        }
        rows.sort(pageOrder(sort));
        UserDetails<UserRow> details = UserDetails.ofUsers(db, users.realmId(), sink);
        for (UserRow r : rows.subList(Math.min(first, rows.size()), Math.min(first + max, rows.size()))) {
            details.add(r);
        }
        details.flush();
        return true;
    }

    /** The report's order for the descending sorts that {@link #sendPage} serves, then username. */
    private static Comparator<UserRow> pageOrder(UserSort sort) {
        Comparator<UserRow> by = switch (sort) {
            case ACTIONS -> Comparator.comparingLong(UserRow::actions);
            case LOGINS -> Comparator.comparingLong(UserRow::logins);
            case LASTLOGINAT -> Comparator.comparingLong(r -> r.lastLoginAt() == null ? -1 : r.lastLoginAt());
            case LASTACTIONAT -> Comparator.comparingLong(r -> r.lastActionAt() == null ? -1 : r.lastActionAt());
            default -> throw new IllegalArgumentException(sort + " is not served by a page of candidates");
        };
        return by.reversed().thenComparing(UserRow::username);
    }

    /** One user's row with the range's actions per name and the daily series. */
    public record Detail(UserRow user, Map<String, Long> actionsByType, List<Day> daily) {
    }

    /**
     * The detail of the one user {@code user} names ({@link UserFilter#onlyUser}), or null when the
     * filter does not keep that user (a member of another organization than the filter's, say).
     * People reports show a user's whole activity, with or without an organization filter.
     */
    public static Detail detail(Jdbc db, UserFilter user, ReportRange range) throws SQLException, IOException {
        List<UserRow> row = new ArrayList<>(1);
        list(db, user, range, UserSort.USERNAME, false, 0, 1, row::add);
        if (row.isEmpty()) {
            return null;
        }
        String realmId = user.realmId();
        String userId = user.userId();
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
        return SummaryReport.actionsByType(db, UserFilter.realm(realmId).onlyUser(userId), range.start(), range.end());
    }
}
