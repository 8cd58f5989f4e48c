package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.orgalytics.OccurredAtWindow;
import dev.orgalytics.store.Grain;
import dev.orgalytics.store.ReportGeneration;

/**
 * Every question the product answers, one SQL statement each, in one place: the JSON API, the CSV
 * exports and (through the API) the metrics exporter all call these. Numbers come from the
 * roll-ups (15-minute buckets) so that month-long ranges never scan raw events; the raw tables
 * serve only the event lists (actions, logins). Portable SQL for PostgreSQL, H2 and MySQL/MariaDB.
 */
public final class StatsQueries {

    /** Users whose groups and roles are looked up in one statement. */
    private static final int DETAIL_CHUNK = 500;

    private final Jdbc db;

    public StatsQueries(Connection connection) {
        this.db = new Jdbc(connection);
    }

    // ---------------------------------------------------------------- summary

    public Rows.Summary summary(UserFilter users, ReportRange range, Instant now) throws SQLException {
        // Three counts that each read an index (changelog 0.3.0 adds the disabled and created ones),
        // rather than one pass over every user row.
        long total = countUsers(users);
        long disabled = countUsers(users, Sql.of(" AND u.ENABLED = FALSE"));
        long created = countUsers(users, Sql.of(" AND u.CREATED_TIMESTAMP >= ? AND u.CREATED_TIMESTAMP < ?",
                range.start().toEpochMilli(), range.end().toEpochMilli()));
        // The same roll-ups as the usage report's buckets, summed over the whole range at once: the
        // two reports agree by construction.
        long[] sums = activitySums(users, range.start(), range.end());
        Map<String, Long> byType = actionsByType(users, range.start(), range.end(), null);
        Instant end = range.end();
        ZoneId zone = range.zone();
        long[] active = activeUsers(users, end, now, range.start(), end.atZone(zone).minusDays(1).toInstant(),
                end.atZone(zone).minusDays(7).toInstant(), end.atZone(zone).minusDays(30).toInstant());
        return new Rows.Summary(total, total - disabled, created, active[0], active[1], active[2], active[3],
                sums[0], sums[1], sums[2], byType);
    }

    /**
     * Logins, failed logins and actions in {@code [start, end)}: from the realm roll-ups when the
     * report covers the whole realm (a few thousand rows a month), else from the users' roll-ups.
     */
    long[] activitySums(UserFilter users, Instant start, Instant end) throws SQLException {
        List<RollupPlan.Piece> plan = RollupPlan.forSums(start.toEpochMilli(), end.toEpochMilli());
        Sql rows = users.wholeRealm()
                ? RollupRows.realmActivity(plan, users.realmId())
                : RollupRows.userActivity(plan, users.realmId(), users);
        return db.longs(Sql.of("SELECT COALESCE(SUM(r.LOGINS), 0), COALESCE(SUM(r.FAILED_LOGINS), 0), COALESCE(SUM(r.ACTIONS), 0)"
                + " FROM (").plus(rows).plus(") r"));
    }

    /**
     * Distinct users with a successful login or an action in {@code [start, end)}, for several
     * starts. When the windows reach the present, that is "latest active quarter hour at or after
     * start": one index range over {@code OA_USER_LAST_ACTIVE} per window instead of reading the
     * windows' roll-ups; past windows count distinct users over their roll-up pieces.
     */
    long[] activeUsers(UserFilter users, Instant end, Instant now, Instant... starts) throws SQLException {
        long[] out = new long[starts.length];
        // Actions may carry an occurredAt a little ahead of now: past that, nothing lies beyond end.
        if (!end.isBefore(now.plus(OccurredAtWindow.MAX_FUTURE))) {
            // Windows reaching the present: users whose latest active quarter hour starts in them,
            // one index range each (windows starting together counted once).
            Map<Long, Long> byStart = new HashMap<>();
            for (int i = 0; i < starts.length; i++) {
                long start = starts[i].toEpochMilli();
                Long known = byStart.get(start);
                if (known == null) {
                    known = db.count(Sql.of("SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE t WHERE t.REALM_ID = ? AND t.BUCKET_START >= ?",
                            users.realmId(), start).plus(users.memberCondition("t.USER_ID")));
                    byStart.put(start, known);
                }
                out[i] = known;
            }
            return out;
        }
        for (int i = 0; i < starts.length; i++) {
            Sql rows = RollupRows.userActivity(RollupPlan.exact(starts[i].toEpochMilli(), end.toEpochMilli()), users.realmId(), users);
            out[i] = db.count(Sql.of("SELECT COUNT(DISTINCT a.USER_ID) FROM (").plus(rows)
                    .plus(") a WHERE a.LOGINS > 0 OR a.ACTIONS > 0"));
        }
        return out;
    }

    /** Actions per name in {@code [start, end)}, of one user or of the filter's users. */
    Map<String, Long> actionsByType(UserFilter users, Instant start, Instant end, String userId) throws SQLException {
        Sql sql;
        if (userId == null && users.wholeRealm()) {
            // A month read whole less its outside part may leave a name at 0: not an action of the range.
            sql = Sql.of("SELECT c.ACTION, SUM(c.ACTION_COUNT) FROM (")
                    .plus(RollupRows.actionCounts(RollupPlan.forSums(start.toEpochMilli(), end.toEpochMilli()), users))
                    .plus(") c GROUP BY c.ACTION HAVING SUM(c.ACTION_COUNT) > 0");
        } else {
            sql = Sql.of("SELECT c.ACTION, SUM(c.ACTION_COUNT) FROM OA_USER_ACTION_COUNT c"
                    + " WHERE c.REALM_ID = ? AND c.BUCKET_START >= ? AND c.BUCKET_START < ?",
                    users.realmId(), start.toEpochMilli(), end.toEpochMilli())
                    .plus(userId == null ? Sql.EMPTY : Sql.of(" AND c.USER_ID = ?", userId))
                    .plus(users.memberCondition("c.USER_ID")).plus(" GROUP BY c.ACTION");
        }
        Map<String, Long> out = new TreeMap<>();
        db.forEach(sql, rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    // ---------------------------------------------------------------- users

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

    public long countUsers(UserFilter users) throws SQLException {
        return countUsers(users, Sql.EMPTY);
    }

    /** Users of the filter that also meet {@code andCondition} (" AND ..." on {@code u}). */
    private long countUsers(UserFilter users, Sql andCondition) throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM USER_ENTITY u WHERE ").plus(users.userCondition()).plus(andCondition));
    }

    /**
     * One row per user of the filter, active or not: counters of the range, all-time last login and
     * last action. {@code max} null streams every row (exports).
     */
    public void users(UserFilter users, ReportRange range, UserSort sort, boolean descending, int first, Integer max,
                      Jdbc.RowSink<Rows.UserRow> sink) throws SQLException, IOException {
        if (max != null && descending && (sort == UserSort.ACTIONS || sort == UserSort.LOGINS)
                && topUsers(users, range, sort, first, max, sink)) {
            return;
        }
        Sql sql = Sql.of("SELECT u.ID, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL, u.ENABLED, u.CREATED_TIMESTAMP,"
                + " a.LOGINS, a.FAILED_LOGINS, a.ACTIONS, t.LAST_LOGIN_AT, t.LAST_ACTION_AT"
                + " FROM USER_ENTITY u LEFT JOIN (").plus(userSums(users.realmId(), range)).plus(") a ON a.USER_ID = u.ID"
                + " LEFT JOIN OA_USER_TOTALS t ON t.REALM_ID = u.REALM_ID AND t.USER_ID = u.ID WHERE ")
                .plus(users.userCondition())
                .plus(" ORDER BY " + sort.sql + (descending ? " DESC" : " ASC") + ", u.USERNAME ASC")
                .page(first, max);
        UserDetails details = new UserDetails(users.realmId(), sink);
        db.stream(sql, rs -> new Rows.UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
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
    private boolean topUsers(UserFilter users, ReportRange range, UserSort sort, int first, int max,
                             Jdbc.RowSink<Rows.UserRow> sink) throws SQLException, IOException {
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
        List<Rows.UserRow> rows = new ArrayList<>(candidates.size());
        for (int from = 0; from < candidates.size(); from += DETAIL_CHUNK) {
            List<String> ids = new ArrayList<>(candidates.keySet()).subList(from, Math.min(candidates.size(), from + DETAIL_CHUNK));
            rows.addAll(db.list(Sql.of("SELECT u.ID, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL, u.ENABLED,"
                    + " u.CREATED_TIMESTAMP, t.LAST_LOGIN_AT, t.LAST_ACTION_AT FROM USER_ENTITY u"
                    + " LEFT JOIN OA_USER_TOTALS t ON t.REALM_ID = u.REALM_ID AND t.USER_ID = u.ID"
                    + " WHERE u.REALM_ID = ? AND u.ID IN ", users.realmId()).plus(Sql.in(ids)), rs -> {
                        long[] v = candidates.get(rs.getString(1));
                        return new Rows.UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getBoolean(6), Jdbc.nullableLong(rs, 7), List.of(), List.of(), v[0], v[1],
                                Jdbc.nullableLong(rs, 8), v[2], Jdbc.nullableLong(rs, 9));
                    }));
        }
        Comparator<Rows.UserRow> order = Comparator.comparingLong(
                (Rows.UserRow r) -> sort == UserSort.ACTIONS ? r.actions() : r.logins()).reversed()
                .thenComparing(Rows.UserRow::username);
        rows.sort(order);
        UserDetails details = new UserDetails(users.realmId(), sink);
        for (Rows.UserRow r : rows.subList(Math.min(first, rows.size()), Math.min(needed, rows.size()))) {
            details.add(r);
        }
        details.flush();
        return true;
    }

    /** Daily series of one user over the range, every day present. */
    public List<Rows.Day> userDays(String realmId, String userId, ReportRange range) throws SQLException {
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
        List<Rows.Day> out = new ArrayList<>(days.size());
        days.forEach((date, v) -> out.add(new Rows.Day(date, v[0], v[1], v[2])));
        return out;
    }

    public Map<String, Long> userActionsByType(String realmId, String userId, ReportRange range) throws SQLException {
        return actionsByType(UserFilter.realm(realmId), range.start(), range.end(), userId);
    }

    // ---------------------------------------------------------------- usage

    /**
     * The usage report: one bucket per day, week or month of the range, empty ones included.
     * Realm-wide reports take periods closed for {@code closedAfter} from {@link PeriodCache},
     * keyed by the realm's current report generation, and compute only the rest.
     */
    public List<Rows.UsageBucket> usage(UserFilter users, ReportRange range, Interval interval, Instant now,
                                        Duration closedAfter) throws SQLException {
        List<Interval.Period> periods = interval.periods(range);
        boolean cacheable = users.wholeRealm() && !periods.isEmpty() && PeriodCache.closed(periods.get(0), now, closedAfter);
        long generation = cacheable ? ReportGeneration.read(db.connection(), users.realmId()) : 0;
        List<Rows.UsageBucket> out = new ArrayList<>(periods.size());
        while (cacheable && out.size() < periods.size() && PeriodCache.closed(periods.get(out.size()), now, closedAfter)) {
            Rows.UsageBucket cached = PeriodCache.get(PeriodCache.key(users.realmId(), generation, range, interval,
                    periods.get(out.size())), now);
            if (cached == null) {
                break;
            }
            out.add(cached);
        }
        if (out.size() < periods.size()) {
            Instant restStart = periods.get(out.size()).start();
            ReportRange rest = new ReportRange(restStart, range.end(), range.zone(),
                    LocalDate.ofInstant(restStart, range.zone()), range.toDate());
            for (Rows.UsageBucket b : computeUsage(users, rest, interval)) {
                if (cacheable && PeriodCache.closed(b.period(), now, closedAfter)) {
                    PeriodCache.put(PeriodCache.key(users.realmId(), generation, range, interval, b.period()), b, now);
                }
                out.add(b);
            }
        }
        return out;
    }

    private List<Rows.UsageBucket> computeUsage(UserFilter users, ReportRange range, Interval interval)
            throws SQLException {
        PeriodKey key = new PeriodKey(interval, range);
        List<Interval.Period> periods = key.periods();
        long[][] values = new long[periods.size()][5]; // active, logins, failed, new users, actions
        List<Map<String, Long>> byType = new ArrayList<>();
        for (int i = 0; i < periods.size(); i++) byType.add(new TreeMap<>());

        List<Long> bounds = new ArrayList<>();
        for (Interval.Period period : periods) {
            if (bounds.isEmpty()) bounds.add(period.start().toEpochMilli());
            bounds.add(period.end().toEpochMilli());
        }
        Sql k = key.sql("a.BUCKET_START");
        // Pieces that never straddle a period: each day or month row falls into one bucket of the report.
        Sql activity = Sql.of("SELECT ").plus(k).plus(" AS P, COUNT(DISTINCT CASE WHEN a.LOGINS > 0 OR a.ACTIONS > 0 THEN a.USER_ID END),"
                + " SUM(a.LOGINS), SUM(a.FAILED_LOGINS), SUM(a.ACTIONS) FROM (")
                .plus(RollupRows.userActivity(RollupPlan.exact(bounds), users.realmId(), users)).plus(") a GROUP BY ").plus(k);
        db.forEach(activity, rs -> {
            int i = key.indexOf(rs.getLong(1));
            if (i >= 0) {
                values[i][0] = rs.getLong(2);
                values[i][1] = rs.getLong(3);
                values[i][2] = rs.getLong(4);
                values[i][4] = rs.getLong(5);
            }
        });

        Sql kc = key.sql("c.BUCKET_START");
        Sql actions = Sql.of("SELECT ").plus(kc).plus(" AS P, c.ACTION, SUM(c.ACTION_COUNT) FROM (")
                .plus(RollupRows.actionCounts(RollupPlan.exact(bounds), users)).plus(") c GROUP BY ").plus(kc).plus(", c.ACTION");
        db.forEach(actions, rs -> {
            int i = key.indexOf(rs.getLong(1));
            if (i >= 0) byType.get(i).put(rs.getString(2), rs.getLong(3));
        });

        Sql ku = key.sql("u.CREATED_TIMESTAMP");
        Sql created = Sql.of("SELECT ").plus(ku).plus(" AS P, COUNT(*) FROM USER_ENTITY u WHERE ").plus(users.userCondition())
                .plus(Sql.of(" AND u.CREATED_TIMESTAMP >= ? AND u.CREATED_TIMESTAMP < ? GROUP BY ",
                        range.start().toEpochMilli(), range.end().toEpochMilli())).plus(ku);
        db.forEach(created, rs -> {
            int i = key.indexOf(rs.getLong(1));
            if (i >= 0) values[i][3] = rs.getLong(2);
        });

        List<Rows.UsageBucket> out = new ArrayList<>(periods.size());
        for (int i = 0; i < periods.size(); i++) {
            long[] v = values[i];
            out.add(new Rows.UsageBucket(periods.get(i), v[0], v[1], v[2], v[3], v[4], byType.get(i)));
        }
        return out;
    }

    // ---------------------------------------------------------------- leaderboard

    /** Top users by {@code metric} ("actions", "logins" or an action name) in {@code [start, end)}; score 0 is left out. */
    public List<Rows.LeaderEntry> leaderboard(UserFilter users, Instant start, Instant end, String metric, int limit)
            throws SQLException {
        List<RollupPlan.Piece> plan = RollupPlan.forSums(start.toEpochMilli(), end.toEpochMilli());
        boolean byAction = !metric.equals("actions") && !metric.equals("logins");
        Sql sql;
        if (plan.size() == 1 && plan.get(0).grain() == Grain.MONTH && plan.get(0).sign() == 1
                && Grain.MONTH.nextBucket(plan.get(0).from()) == plan.get(0).to()) {
            // One calendar month (UTC): the month rows hold the scores, and an index on (realm, month,
            // score) yields them best first, so the top N is read without summing anything.
            String table = byAction ? Grain.MONTH.actionCountTable() : Grain.MONTH.activityTable();
            String score = byAction ? "ACTION_COUNT" : metric.equals("actions") ? "ACTIONS" : "LOGINS";
            sql = Sql.of("SELECT s.USER_ID, s." + score + " AS SCORE, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL FROM " + table + " s"
                    + " JOIN USER_ENTITY u ON u.ID = s.USER_ID WHERE s.REALM_ID = ? AND s.BUCKET_START = ?", users.realmId(), plan.get(0).from())
                    .plus(byAction ? Sql.of(" AND s.ACTION = ?", metric) : Sql.EMPTY)
                    .plus(" AND s." + score + " > 0 AND ").plus(users.userCondition())
                    .plus(" ORDER BY s." + score + " DESC, u.USERNAME ASC");
        } else {
            Sql scores = byAction
                    ? Sql.of("SELECT c.USER_ID, SUM(c.ACTION_COUNT) AS SCORE FROM (")
                            .plus(RollupRows.userActionCount(plan, users.realmId(), metric)).plus(") c GROUP BY c.USER_ID")
                    : Sql.of("SELECT a.USER_ID, SUM(a." + (metric.equals("actions") ? "ACTIONS" : "LOGINS") + ") AS SCORE FROM (")
                            .plus(RollupRows.userActivity(plan, users.realmId(), null)).plus(") a GROUP BY a.USER_ID");
            sql = Sql.of("SELECT s.USER_ID, s.SCORE, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL FROM (").plus(scores)
                    .plus(") s JOIN USER_ENTITY u ON u.ID = s.USER_ID WHERE s.SCORE > 0 AND ").plus(users.userCondition())
                    .plus(" ORDER BY s.SCORE DESC, u.USERNAME ASC");
        }
        List<Object[]> raw = db.list(sql.page(0, limit), rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6)});
        List<Integer> ranks = Ranking.ranks(raw, r -> (Long) r[1]);
        List<Rows.LeaderEntry> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object[] r = raw.get(i);
            out.add(new Rows.LeaderEntry(ranks.get(i), (String) r[0], (String) r[2], (String) r[3], (String) r[4], (String) r[5], (Long) r[1]));
        }
        return out;
    }

    // ---------------------------------------------------------------- event lists

    /** Filters of the actions report; null fields do not filter. */
    public record ActionFilter(String userId, String clientId, String action, String targetType, String targetId) {
    }

    private static Sql actionsWhere(UserFilter users, ReportRange range, ActionFilter f) {
        return Sql.of(" WHERE x.REALM_ID = ? AND x.OCCURRED_AT >= ? AND x.OCCURRED_AT < ?",
                        users.realmId(), range.start().toEpochMilli(), range.end().toEpochMilli())
                .plus(equal("x.USER_ID", f.userId())).plus(equal("x.CLIENT_ID", f.clientId()))
                .plus(equal("x.ACTION", f.action())).plus(equal("x.TARGET_TYPE", f.targetType()))
                .plus(equal("x.TARGET_ID", f.targetId())).plus(users.memberCondition("x.USER_ID"));
    }

    public long countActions(UserFilter users, ReportRange range, ActionFilter f) throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM OA_ACTION x").plus(actionsWhere(users, range, f)));
    }

    /** The user actions report, newest first; {@code max} null streams every row. */
    public void actions(UserFilter users, ReportRange range, ActionFilter f, int first, Integer max,
                        Jdbc.RowSink<Rows.ActionEntry> sink) throws SQLException, IOException {
        Sql sql = Sql.of("SELECT x.ID, x.OCCURRED_AT, x.ACTION, x.USER_ID, u.USERNAME, u.EMAIL, u.FIRST_NAME, u.LAST_NAME,"
                + " x.CLIENT_ID, x.PAGE, x.TARGET_TYPE, x.TARGET_ID, x.TARGET_NAME, x.PROPERTIES"
                + " FROM OA_ACTION x LEFT JOIN USER_ENTITY u ON u.ID = x.USER_ID").plus(actionsWhere(users, range, f))
                .plus(" ORDER BY x.OCCURRED_AT DESC, x.ID DESC").page(first, max);
        db.stream(sql, rs -> new Rows.ActionEntry(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14)), sink);
    }

    /** Filters of the logins report; {@code success} null means both outcomes. */
    public record LoginFilter(String userId, String clientId, Boolean success) {
    }

    private static Sql loginsWhere(UserFilter users, ReportRange range, LoginFilter f) {
        return Sql.of(" WHERE x.REALM_ID = ? AND x.EVENT_TIME >= ? AND x.EVENT_TIME < ?"
                        + " AND x.EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR')", users.realmId(), range.start().toEpochMilli(),
                        range.end().toEpochMilli())
                .plus(equal("x.USER_ID", f.userId())).plus(equal("x.CLIENT_ID", f.clientId()))
                .plus(equal("x.SUCCESS", f.success())).plus(users.memberCondition("x.USER_ID"));
    }

    public long countLogins(UserFilter users, ReportRange range, LoginFilter f) throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM OA_LOGIN_EVENT x").plus(loginsWhere(users, range, f)));
    }

    /** Logins and failed logins, newest first; {@code max} null streams every row. */
    public void logins(UserFilter users, ReportRange range, LoginFilter f, int first, Integer max,
                       Jdbc.RowSink<Rows.LoginEntry> sink) throws SQLException, IOException {
        Sql sql = Sql.of("SELECT x.EVENT_TIME, x.USER_ID, u.USERNAME, x.CLIENT_ID, x.SUCCESS, x.ERROR, x.IP_ADDRESS"
                + " FROM OA_LOGIN_EVENT x LEFT JOIN USER_ENTITY u ON u.ID = x.USER_ID").plus(loginsWhere(users, range, f))
                .plus(" ORDER BY x.EVENT_TIME DESC, x.ID DESC").page(first, max);
        db.stream(sql, rs -> new Rows.LoginEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBoolean(5), rs.getString(6), rs.getString(7)), sink);
    }

    // ---------------------------------------------------------------- insights

    /** Users who did {@code did} at least {@code min} times but {@code without} never, in the range. */
    public void stalled(UserFilter users, ReportRange range, String did, String without, long min, int first,
                        Integer max, Jdbc.RowSink<Rows.StalledUser> sink) throws SQLException, IOException {
        long start = range.start().toEpochMilli(), end = range.end().toEpochMilli();
        Sql sql = Sql.of("SELECT d.USER_ID, d.CNT, u.USERNAME, u.EMAIL, u.FIRST_NAME, u.LAST_NAME, t.LAST_ACTIVE_AT FROM"
                + " (SELECT c.USER_ID, SUM(c.ACTION_COUNT) AS CNT FROM (")
                .plus(RollupRows.userActionCount(RollupPlan.forSums(start, end), users.realmId(), did))
                .plus(") c GROUP BY c.USER_ID) d JOIN USER_ENTITY u ON u.ID = d.USER_ID"
                + " LEFT JOIN OA_USER_TOTALS t ON t.REALM_ID = u.REALM_ID AND t.USER_ID = d.USER_ID")
                .plus(Sql.of(" WHERE d.CNT >= ?", min))
                .plus(" AND d.USER_ID NOT IN (SELECT w.USER_ID FROM (")
                .plus(RollupRows.userActionCount(RollupPlan.exact(start, end), users.realmId(), without))
                .plus(") w WHERE w.ACTION_COUNT > 0) AND ").plus(users.userCondition())
                .plus(" ORDER BY d.CNT DESC, u.USERNAME ASC").page(first, max);
        db.stream(sql, rs -> new Rows.StalledUser(rs.getString(1), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(2), Jdbc.nullableLong(rs, 7)), sink);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Collects user rows and sends them on in chunks with their groups and realm roles, looked up
     * for a whole chunk at once.
     */
    private final class UserDetails {
        private final String realmId;
        private final Jdbc.RowSink<Rows.UserRow> sink;
        private final List<Rows.UserRow> chunk = new ArrayList<>(DETAIL_CHUNK);
        private Map<String, String> groupPaths;

        UserDetails(String realmId, Jdbc.RowSink<Rows.UserRow> sink) {
            this.realmId = realmId;
            this.sink = sink;
        }

        void add(Rows.UserRow row) throws SQLException, IOException {
            chunk.add(row);
            if (chunk.size() == DETAIL_CHUNK) {
                flush();
            }
        }

        void flush() throws SQLException, IOException {
            if (chunk.isEmpty()) {
                return;
            }
            groupPaths = groupPaths != null ? groupPaths : groupPaths(realmId);
            emitWithDetails(realmId, chunk, groupPaths, sink);
        }
    }

    private void emitWithDetails(String realmId, List<Rows.UserRow> chunk, Map<String, String> groupPaths,
                                 Jdbc.RowSink<Rows.UserRow> sink) throws SQLException, IOException {
        Map<String, List<String>> groups = new HashMap<>();
        Map<String, List<String>> roles = new HashMap<>();
        Sql ids = Sql.in(chunk.stream().map(Rows.UserRow::id).toList());
        db.forEach(Sql.of("SELECT m.USER_ID, m.GROUP_ID FROM USER_GROUP_MEMBERSHIP m WHERE m.USER_ID IN ").plus(ids), rs -> {
            String path = groupPaths.get(rs.getString(2));
            if (path != null) groups.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(path);
        });
        // Every user holds the realm's default-roles composite; listing it would say nothing.
        db.forEach(Sql.of("SELECT rm.USER_ID, r.NAME FROM USER_ROLE_MAPPING rm JOIN KEYCLOAK_ROLE r"
                + " ON r.ID = rm.ROLE_ID WHERE r.REALM_ID = ? AND r.CLIENT_ROLE = FALSE AND r.NAME NOT LIKE CONCAT(?, '%')"
                + " AND rm.USER_ID IN ", realmId, "default-roles-").plus(ids),
                rs -> roles.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(rs.getString(2)));
        for (Rows.UserRow r : chunk) {
            List<String> g = groups.getOrDefault(r.id(), new ArrayList<>());
            List<String> ro = roles.getOrDefault(r.id(), new ArrayList<>());
            Collections.sort(g);
            Collections.sort(ro);
            sink.accept(new Rows.UserRow(r.id(), r.username(), r.firstName(), r.lastName(), r.email(), r.enabled(),
                    r.createdAt(), g, ro, r.logins(), r.failedLogins(), r.lastLoginAt(), r.actions(), r.lastActionAt()));
        }
        chunk.clear();
    }

    /** Group id to full path ({@code /Recruiters/EMEA}) for the realm's groups (organization groups excluded). */
    private Map<String, String> groupPaths(String realmId) throws SQLException {
        Map<String, String[]> byId = new HashMap<>();
        db.forEach(Sql.of("SELECT g.ID, g.NAME, g.PARENT_GROUP FROM KEYCLOAK_GROUP g WHERE g.REALM_ID = ? AND g.TYPE = 0", realmId),
                rs -> byId.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)}));
        Map<String, String> paths = new HashMap<>();
        for (String id : byId.keySet()) {
            StringBuilder path = new StringBuilder();
            String cur = id;
            for (int depth = 0; cur != null && byId.containsKey(cur) && depth < 100; depth++) {
                String[] g = byId.get(cur);
                path.insert(0, "/" + g[0]);
                cur = g[1];
            }
            paths.put(id, path.toString());
        }
        return paths;
    }

    /** {@code " AND column = ?"} when {@code value} is given: an optional filter. */
    private static Sql equal(String column, Object value) {
        return value == null ? Sql.EMPTY : Sql.of(" AND " + column + " = ?", value);
    }
}
