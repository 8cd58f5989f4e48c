package dev.orgalytics.stats;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.LongStream;

import dev.orgalytics.OccurredAtWindow;

/**
 * The summary: user counts, active users over the range and the day, week and 30 days before its
 * end, and the range's logins, failed logins and actions (in total and per action name). Numbers
 * come from the roll-ups, so a month-long range never scans raw events.
 */
public final class SummaryReport {

    private SummaryReport() {
    }

    /** @param actionNames the names a menu lists (see {@code run}) */
    public record Summary(long totalUsers, long enabledUsers, long newUsers, long activeUsers, long dau, long wau,
                          long mau, long logins, long failedLogins, long actions, Map<String, Long> actionsByType,
                          List<String> actionNames) {
    }

    public static final List<Column<Summary>> COLUMNS = List.of(
            Column.integer("totalUsers", Summary::totalUsers),
            Column.integer("enabledUsers", Summary::enabledUsers),
            Column.integer("newUsers", Summary::newUsers),
            Column.integer("activeUsers", Summary::activeUsers),
            Column.integer("dau", Summary::dau),
            Column.integer("wau", Summary::wau),
            Column.integer("mau", Summary::mau),
            Column.integer("logins", Summary::logins),
            Column.integer("failedLogins", Summary::failedLogins),
            Column.integer("actions", Summary::actions),
            Column.counts("actionsByType", Summary::actionsByType),
            Column.texts("actionNames", Summary::actionNames));

    /**
     * The summary's counts of the range just before ({@link ReportRange#previous}), for deltas: the
     * fields that depend on the range. The users now, the dormant counts (as of now either way) and
     * the menu's names would repeat the answer's own, so they are not repeated here.
     */
    public record Previous(ReportRange range, Summary summary) {
    }

    public static final List<Column<Previous>> PREVIOUS_COLUMNS = previousColumns();

    private static List<Column<Previous>> previousColumns() {
        List<Column<Previous>> out = new ArrayList<>();
        out.add(Column.date("from", p -> p.range().fromDate()));
        out.add(Column.date("to", p -> p.range().toDate()));
        out.addAll(Column.of(Previous::summary, COLUMNS, "newUsers", "activeUsers", "dau", "wau", "mau", "logins", "failedLogins",
                "actions", "actionsByType"));
        return List.copyOf(out);
    }

    /** What {@code GET /summary} answers: the summary, the dormant counts as of now, and the previous range's summary or null. */
    public record Answer(Summary summary, DormantReport.Counts dormant, Previous previous) {
    }

    /** The summary of {@code range} with the dormant counts, and with the previous range's when {@code comparePrevious}. */
    public static Answer answer(Jdbc db, UserFilter users, ReportRange range, boolean comparePrevious, Instant now,
                                Function<Map<String, Long>, List<String>> listedNames) throws SQLException {
        // The active-user windows (when they reach the present) and the dormant counts share one pass
        // over the users' latest activity.
        long[] cutoffs = DormantReport.summaryCutoffs(now);
        long[] windows = readsLatestActivity(users, range, now) ? windowStarts(range) : new long[0];
        LatestActivity latest = LatestActivity.count(db, users, LongStream.concat(LongStream.of(windows), LongStream.of(cutoffs))
                .toArray(), cutoffs);
        Summary summary = run(db, users, range, now, listedNames, windows.length > 0 ? latest : null);
        DormantReport.Counts dormant = DormantReport.counts(db, users, summary.totalUsers(), cutoffs, latest);
        Previous previous = null;
        if (comparePrevious) {
            ReportRange before = range.previous();
            previous = new Previous(before, run(db, users, before, now, listedNames));
        }
        return new Answer(summary, dormant, previous);
    }

    /**
     * The summary of {@code range} as of {@code now}. {@code listedNames} picks, from the range's
     * counts per action name, the names a menu lists (the realm's catalog decides, which the
     * caller reads).
     */
    public static Summary run(Jdbc db, UserFilter users, ReportRange range, Instant now,
                              Function<Map<String, Long>, List<String>> listedNames) throws SQLException {
        LatestActivity latest = readsLatestActivity(users, range, now)
                ? LatestActivity.count(db, users, windowStarts(range), new long[0]) : null;
        return run(db, users, range, now, listedNames, latest);
    }

    /** {@link #run}, with the active users of the windows read from {@code latest} when not null. */
    private static Summary run(Jdbc db, UserFilter users, ReportRange range, Instant now,
                               Function<Map<String, Long>, List<String>> listedNames, LatestActivity latest) throws SQLException {
        // Three counts that each read an index (changelog 0.3.0 adds the disabled and created ones),
        // rather than one pass over every user row.
        long total = UsersReport.count(db, users);
        long disabled = UsersReport.count(db, users, Sql.of(" AND u.ENABLED = FALSE"));
        long created = UsersReport.count(db, users, Sql.of(" AND u.CREATED_TIMESTAMP >= ? AND u.CREATED_TIMESTAMP < ?",
                range.start().toEpochMilli(), range.end().toEpochMilli()));
        // The same roll-ups as the usage report's buckets, summed over the whole range at once: the
        // two reports agree by construction.
        long[] sums = activitySums(db, users, range.start(), range.end());
        Map<String, Long> byType = actionsByType(db, users, range.start(), range.end());
        long[] active = activeUsers(db, users, range.end(), latest, windowStarts(range));
        return new Summary(total, total - disabled, created, active[0], active[1], active[2], active[3],
                sums[0], sums[1], sums[2], byType, listedNames.apply(byType));
    }

    /** The starts of the active-user windows: the range, and the day, week and 30 days before its end (in its zone). */
    private static long[] windowStarts(ReportRange range) {
        ZonedDateTime end = range.end().atZone(range.zone());
        return new long[] {range.start().toEpochMilli(), end.minusDays(1).toInstant().toEpochMilli(),
                end.minusDays(7).toInstant().toEpochMilli(), end.minusDays(30).toInstant().toEpochMilli()};
    }

    /**
     * Whether the active users of the windows are "latest active quarter hour at or after the
     * window's start": when the windows reach the present (actions may carry an occurredAt a little
     * ahead of now: past that, nothing lies beyond the end). An organization's activity is what was
     * attributed to it, not its members' latest, so it is never read this way.
     */
    private static boolean readsLatestActivity(UserFilter users, ReportRange range, Instant now) {
        return users.organizationId() == null && !range.end().isBefore(now.plus(OccurredAtWindow.MAX_FUTURE));
    }

    /**
     * Logins, failed logins and actions in {@code [start, end)}: from the realm roll-ups when the
     * report covers the whole realm (a few thousand rows a month), else from the organization's or
     * the users' roll-ups.
     */
    static long[] activitySums(Jdbc db, UserFilter users, Instant start, Instant end) throws SQLException {
        List<RollupPlan.Piece> plan = RollupPlan.forSums(start.toEpochMilli(), end.toEpochMilli());
        Sql rows = users.wholeRealm()
                ? RollupRows.realmActivity(plan, users.realmId())
                : RollupRows.activityOf(plan, users);
        return db.longs(Sql.of("SELECT COALESCE(SUM(r.LOGINS), 0), COALESCE(SUM(r.FAILED_LOGINS), 0), COALESCE(SUM(r.ACTIONS), 0)"
                + " FROM (").plus(rows).plus(") r"));
    }

    /**
     * Distinct users active ({@link RollupRows#active}) from each of {@code starts} to {@code end}:
     * from {@code latest} when given (the windows reach the present), else over the roll-up pieces
     * of each window (past windows, and an organization's).
     */
    static long[] activeUsers(Jdbc db, UserFilter users, Instant end, LatestActivity latest, long... starts) throws SQLException {
        long[] out = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            if (latest != null) {
                out[i] = latest.activeSince(starts[i]);
                continue;
            }
            Sql rows = RollupRows.activityOf(RollupPlan.exact(starts[i], end.toEpochMilli()), users);
            out[i] = db.count(Sql.of("SELECT COUNT(DISTINCT a.USER_ID) FROM (").plus(rows)
                    .plus(") a WHERE " + RollupRows.active("a")));
        }
        return out;
    }

    /**
     * Actions per name in {@code [start, end)} of the filter's users (of its one user when it names
     * one), or what was attributed to its organization.
     */
    static Map<String, Long> actionsByType(Jdbc db, UserFilter users, Instant start, Instant end) throws SQLException {
        Sql sql;
        if (users.userId() == null || users.organizationId() != null) {
            // A month read whole less its outside part may leave a name at 0: not an action of the range.
            sql = Sql.of("SELECT c.ACTION, SUM(c.ACTION_COUNT) FROM (")
                    .plus(RollupRows.actionCounts(RollupPlan.forSums(start.toEpochMilli(), end.toEpochMilli()), users))
                    .plus(") c GROUP BY c.ACTION HAVING SUM(c.ACTION_COUNT) > 0");
        } else {
            sql = Sql.of("SELECT c.ACTION, SUM(c.ACTION_COUNT) FROM OA_USER_ACTION_COUNT c"
                    + " WHERE c.REALM_ID = ? AND c.BUCKET_START >= ? AND c.BUCKET_START < ? AND c.USER_ID = ? GROUP BY c.ACTION",
                    users.realmId(), start.toEpochMilli(), end.toEpochMilli(), users.userId());
        }
        Map<String, Long> out = new TreeMap<>();
        db.forEach(sql, rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }
}
