package dev.orgalytics.stats;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.orgalytics.store.TimeBuckets;

/**
 * Dormant users (insights): users with no successful login and no action in the last {@code days}
 * days, as of now, whose account is at least that old. A two-day-old account with nothing done yet
 * has not been quiet for 30 days; it is a new user, counted as such by the summary. Users who were
 * never active at all (no successful login, no action) come first, then the rest by their last
 * activity, oldest first: the longest-quiet people are the ones to follow up or to disable.
 *
 * <p>"The last N days" starts at the quarter hour holding now less N days of 24 hours
 * ({@link #cutoff}): on a quarter hour, "active since then" is exactly "the latest active quarter hour
 * ({@code OA_USER_LAST_ACTIVE}) starts at or after it", so the list (read with that table) and the
 * summary's counts ({@link #counts}, read in one pass with the summary's active users) agree to the user.
 */
public final class DormantReport {

    /** Default and bounds of {@code days}: ten years back at most. */
    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 3650;
    /** The windows, in days, of the summary's counts {@code dormant30}, {@code dormant60} and {@code dormant90}. */
    static final int[] SUMMARY_DAYS = {30, 60, 90};

    private DormantReport() {
    }

    /**
     * A dormant user: the users report's person fields (its counters left at 0), the latest
     * successful login, action or session use ({@code lastActiveAt}), and whether they never logged in.
     */
    public record DormantUser(UsersReport.UserRow user, Long lastActiveAt) {

        public boolean neverLoggedIn() {
            return user.lastLoginAt() == null;
        }

        DormantUser withGroups(List<String> groups) {
            return new DormantUser(user.withGroupsAndRoles(groups, List.of()), lastActiveAt);
        }
    }

    /** The users report's person fields, then the latest activity and whether they never logged in. */
    public static final List<Column<DormantUser>> COLUMNS = Stream.concat(
            Column.of(DormantUser::user, UsersReport.COLUMNS, "id", "username", "firstName", "lastName", "email", "enabled",
                    "createdAt", "groups", "lastLoginAt", "lastActionAt").stream(),
            Stream.of(Column.optionalTime("lastActiveAt", DormantUser::lastActiveAt),
                    Column.bool("neverLoggedIn", DormantUser::neverLoggedIn))).toList();

    /** The summary's counts as of now: dormant for 30, 60 and 90 days, and never active at all (any account age). */
    public record Counts(long dormant30, long dormant60, long dormant90, long neverActive) {
    }

    public static final List<Column<Counts>> COUNT_COLUMNS = List.of(
            Column.integer("dormant30", Counts::dormant30),
            Column.integer("dormant60", Counts::dormant60),
            Column.integer("dormant90", Counts::dormant90),
            Column.integer("neverActive", Counts::neverActive));

    /** Epoch ms from which activity means "not dormant": the quarter hour holding {@code now} less {@code days} days. */
    public static long cutoff(Instant now, int days) {
        return TimeBuckets.bucketStart(now.minus(Duration.ofDays(days)).toEpochMilli());
    }

    /**
     * A page of the users of the filter dormant since {@code cutoff}, never active first, then by
     * last activity, then username; {@code max} null streams all. Groups are read only when
     * {@code withGroups}.
     */
    public static void list(Jdbc db, UserFilter users, long cutoff, int first, Integer max, boolean withGroups,
                            Jdbc.RowSink<DormantUser> sink) throws SQLException, IOException {
        // The users of the realm are read once; the ones active since the cutoff come from an index
        // range over OA_USER_LAST_ACTIVE (realm, quarter hour; index-only) into an anti-join, so only
        // the dormant users, usually few, are joined to their totals (by primary key) and sorted.
        Sql sql = Sql.of("SELECT u.ID, u.USERNAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL, u.ENABLED, u.CREATED_TIMESTAMP,"
                + " t.LAST_LOGIN_AT, t.LAST_ACTION_AT, t.LAST_ACTIVE_AT FROM USER_ENTITY u"
                + " LEFT JOIN OA_USER_TOTALS t ON t.REALM_ID = u.REALM_ID AND t.USER_ID = u.ID WHERE ")
                .plus(dormantSince(users, cutoff))
                // Never active = -1: first in ascending order.
                .plus(" ORDER BY COALESCE(t.LAST_ACTIVE_AT, -1) ASC, u.USERNAME ASC").page(first, max);
        Jdbc.RowReader<DormantUser> reader = rs -> new DormantUser(new UsersReport.UserRow(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6), Jdbc.nullableLong(rs, 7), List.of(),
                List.of(), 0, 0, Jdbc.nullableLong(rs, 8), 0, Jdbc.nullableLong(rs, 9)), Jdbc.nullableLong(rs, 10));
        if (!withGroups) {
            db.stream(sql, reader, sink);
            return;
        }
        UserDetails<DormantUser> details = new UserDetails<>(db, users.realmId(), r -> r.user().id(),
                (r, groups, roles) -> r.withGroups(groups), false, sink);
        db.stream(sql, reader, details::add);
        details.flush();
    }

    /** How many users of the filter are dormant since {@code cutoff}: the list's {@code total}. */
    public static long count(Jdbc db, UserFilter users, long cutoff) throws SQLException {
        return db.count(Sql.of("SELECT COUNT(*) FROM USER_ENTITY u WHERE ").plus(dormantSince(users, cutoff)));
    }

    /** The users of the filter whose account is older than {@code cutoff} and who were not active since (on {@code u}). */
    private static Sql dormantSince(UserFilter users, long cutoff) {
        // Keycloak's CREATED_TIMESTAMP may be NULL (users older than Keycloak 1.4): old enough.
        return users.userCondition().plus(Sql.of(" AND (u.CREATED_TIMESTAMP IS NULL OR u.CREATED_TIMESTAMP < ?)"
                + " AND NOT EXISTS (SELECT 1 FROM OA_USER_LAST_ACTIVE a WHERE a.REALM_ID = u.REALM_ID AND a.USER_ID = u.ID"
                + " AND a.BUCKET_START >= ?)", cutoff, cutoff));
    }

    /** The cutoffs of the summary's counts as of {@code now}, in the order of {@link #SUMMARY_DAYS}. */
    static long[] summaryCutoffs(Instant now) {
        long[] cutoffs = new long[SUMMARY_DAYS.length];
        for (int i = 0; i < cutoffs.length; i++) {
            cutoffs[i] = cutoff(now, SUMMARY_DAYS[i]);
        }
        return cutoffs;
    }

    /** The summary's counts as of {@code now}; see {@link #counts(Jdbc, UserFilter, long, long[], LatestActivity)}. */
    static Counts counts(Jdbc db, UserFilter users, long total, Instant now) throws SQLException {
        long[] cutoffs = summaryCutoffs(now);
        return counts(db, users, total, cutoffs, LatestActivity.count(db, users, cutoffs, cutoffs));
    }

    /**
     * The summary's counts for {@code cutoffs} ({@link #summaryCutoffs}), with the users' latest
     * activity counted for them in {@code latest}, rather than the list's pass over every user. Per
     * cutoff: the users of the filter ({@code total}, which the summary has counted already), less
     * those active since, less those whose account is newer and who were not active since (created
     * since: a range of {@code IDX_OA_USER_CREATED}). Never active: the users less those ever active.
     */
    static Counts counts(Jdbc db, UserFilter users, long total, long[] cutoffs, LatestActivity latest) throws SQLException {
        long[] created = db.longs(Sql.of("SELECT ").plus(sinceEach(cutoffs)).plus(" FROM USER_ENTITY u WHERE ")
                .plus(users.userCondition()).plus(Sql.of(" AND u.CREATED_TIMESTAMP >= ?", cutoffs[cutoffs.length - 1])));
        long[] dormant = new long[cutoffs.length];
        for (int i = 0; i < cutoffs.length; i++) {
            long newAndIdle = created[i] - latest.createdAndActiveSince(cutoffs[i]);
            dormant[i] = total - latest.activeSince(cutoffs[i]) - newAndIdle;
        }
        return new Counts(dormant[0], dormant[1], dormant[2], total - latest.ever());
    }

    /** {@code COALESCE(SUM(CASE WHEN u.CREATED_TIMESTAMP >= ? THEN 1 ELSE 0 END), 0)} per cutoff, comma-separated. */
    private static Sql sinceEach(long[] cutoffs) {
        Sql out = Sql.EMPTY;
        for (long c : cutoffs) {
            out = out.plus(Sql.of((out.isEmpty() ? "" : ", ") + "COALESCE(SUM(CASE WHEN u.CREATED_TIMESTAMP >= ? THEN 1 ELSE 0 END), 0)", c));
        }
        return out;
    }
}
