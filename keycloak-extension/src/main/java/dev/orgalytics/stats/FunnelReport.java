package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import dev.orgalytics.store.TimeBuckets;

/**
 * Funnels (insights): of the users who did the first step in the range, how many then did each
 * further step in order, within {@code windowDays} of their start; and (stopped) who reached a step
 * but not the next. Read from the raw actions ({@code OA_ACTION}), so a funnel reaches back as far
 * as {@code raw-retention-days} keeps them.
 *
 * <p>A user's start is their first step-1 action in the range, and only that one: a later step 1
 * does not restart the window. Step k counts when it happened strictly after the time step k-1 was
 * reached (the earliest such action, which leaves the most room for the steps after it) and at
 * most {@code windowDays} days of 24 hours after the start, the edge included. Later steps are read
 * past the range's end: a user who starts on its last day has the whole window, so the answer for
 * a past range does not change once every window has closed.
 */
public final class FunnelReport {

    public static final int DEFAULT_WINDOW_DAYS = 14;
    public static final int MAX_WINDOW_DAYS = 365;
    public static final int MIN_STEPS = 2;
    public static final int MAX_STEPS = 10;

    private FunnelReport() {
    }

    /** One step: its action, the users who reached it, and their share of the users who started. */
    public record Step(String action, long users, double conversion) {
    }

    public static final List<Column<Step>> COLUMNS = List.of(
            Column.text("action", Step::action),
            Column.integer("users", Step::users),
            Column.number("conversion", Step::conversion));

    /** A user who reached a step and not the next: when they started (step 1) and when they reached it. */
    public record StoppedUser(Person person, long startedAt, long reachedAt) {
    }

    public static final List<Column<StoppedUser>> STOPPED_COLUMNS = Stream.concat(Person.columnsOf(StoppedUser::person).stream(),
            Stream.of(Column.time("startedAt", StoppedUser::startedAt),
                    Column.time("reachedAt", StoppedUser::reachedAt))).toList();

    /** The steps asked for: {@link #MIN_STEPS} to {@link #MAX_STEPS} distinct action names (already checked as names). */
    public static List<String> requireSteps(List<String> names) {
        if (names.size() < MIN_STEPS || names.size() > MAX_STEPS) {
            throw new BadRequest("steps", "'steps' must name " + MIN_STEPS + " to " + MAX_STEPS + " actions, comma-separated");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new BadRequest("steps", "'steps' must name each action once");
        }
        return List.copyOf(names);
    }

    /** The index of {@code stoppedAt} among {@code steps}: one of them, and not the last (nobody stops after the end). */
    public static int stoppedIndex(List<String> steps, String stoppedAt) {
        int i = steps.indexOf(stoppedAt);
        if (i < 0 || i == steps.size() - 1) {
            throw new BadRequest("stoppedAt", "'stoppedAt' must be one of the steps other than the last");
        }
        return i;
    }

    /** Each step's users and conversion (users of the step over users of step 1; 0 when nobody started). */
    public static List<Step> steps(Jdbc db, UserFilter users, ReportRange range, List<String> steps, int windowDays)
            throws SQLException {
        StringBuilder select = new StringBuilder("SELECT COUNT(*)");
        for (int k = 2; k <= steps.size(); k++) {
            select.append(", COUNT(r.T").append(k).append(')');
        }
        long[] counts = db.longs(Sql.of(select + " FROM (").plus(reached(users, range, steps, steps.size(), windowDays)).plus(") r"));
        List<Step> out = new ArrayList<>(steps.size());
        for (int k = 0; k < steps.size(); k++) {
            out.add(new Step(steps.get(k), counts[k], counts[0] == 0 ? 0 : (double) counts[k] / counts[0]));
        }
        return out;
    }

    /**
     * A page of the users who reached step {@code stopped} (0-based) but not the next, the longest
     * stopped first (then by username); {@code max} null streams all.
     */
    public static void stopped(Jdbc db, UserFilter users, ReportRange range, List<String> steps, int windowDays, int stopped,
                               int first, Integer max, Jdbc.RowSink<StoppedUser> sink) throws SQLException, IOException {
        String at = "r.T" + (stopped + 1);
        Sql sql = Sql.of("SELECT r.USER_ID, u.USERNAME, u.EMAIL, u.FIRST_NAME, u.LAST_NAME, r.T1, " + at + " FROM (")
                .plus(stoppedAt(users, range, steps, windowDays, stopped))
                .plus(" ORDER BY " + at + " ASC, u.USERNAME ASC").page(first, max);
        db.stream(sql, rs -> new StoppedUser(Person.read(rs, 1), rs.getLong(6), rs.getLong(7)), sink);
    }

    /** How many users reached step {@code stopped} but not the next: the list's {@code total}. */
    public static long countStopped(Jdbc db, UserFilter users, ReportRange range, List<String> steps, int windowDays, int stopped)
            throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM (").plus(stoppedAt(users, range, steps, windowDays, stopped)));
    }

    /** {@code <reached>) r JOIN USER_ENTITY u ... WHERE} step {@code stopped} reached and the next not. */
    private static Sql stoppedAt(UserFilter users, ReportRange range, List<String> steps, int windowDays, int stopped) {
        return reached(users, range, steps, stopped + 2, windowDays)
                .plus(") r JOIN USER_ENTITY u ON u.ID = r.USER_ID WHERE r.T" + (stopped + 1) + " IS NOT NULL AND r.T"
                        + (stopped + 2) + " IS NULL");
    }

    /**
     * One row per user who started, {@code USER_ID, T1, ..., T<depth>}: when they reached each of the
     * first {@code depth} steps, null from the first step they did not reach. One nesting per step,
     * each a look-up of the user's actions of that name (index realm, user, time) between the
     * previous step and the end of the window; a null previous step matches nothing.
     */
    private static Sql reached(UserFilter users, ReportRange range, List<String> steps, int depth, int windowDays) {
        Sql sql = Sql.of("SELECT x.USER_ID, MIN(x.OCCURRED_AT) AS T1 FROM OA_ACTION x WHERE x.REALM_ID = ? AND x.ACTION = ?"
                        + " AND x.OCCURRED_AT >= ? AND x.OCCURRED_AT < ? AND ", users.realmId(), steps.get(0),
                range.start().toEpochMilli(), range.end().toEpochMilli())
                .plus(users.restriction("x.USER_ID")).plus(" GROUP BY x.USER_ID");
        // A literal, not a parameter: "T1 + ?" leaves some engines to guess the parameter's type.
        long window = windowDays * TimeBuckets.DAY_MILLIS;
        for (int k = 2; k <= depth; k++) {
            StringBuilder carried = new StringBuilder("s.USER_ID");
            for (int j = 1; j < k; j++) {
                carried.append(", s.T").append(j);
            }
            sql = Sql.of("SELECT " + carried + ", MIN(x.OCCURRED_AT) AS T" + k + " FROM (").plus(sql)
                    .plus(Sql.of(") s LEFT JOIN OA_ACTION x ON x.REALM_ID = ? AND x.USER_ID = s.USER_ID AND x.ACTION = ?"
                            + " AND x.OCCURRED_AT > s.T" + (k - 1) + " AND x.OCCURRED_AT <= s.T1 + " + window
                            + " GROUP BY " + carried, users.realmId(), steps.get(k - 1)));
        }
        return sql;
    }
}
