package dev.orgalytics.stats;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * Counts of a filter's users by the start of their latest active quarter hour
 * ({@code OA_USER_LAST_ACTIVE}), for several instants at once: how many were active since each
 * instant, how many of those created since a cutoff were active since it, and how many were ever
 * active. The summary's "active in the last day, week, 30 days" and its dormant counts all come
 * from this one pass over the realm's rows; read one count at a time, the same table was read four
 * to five times per summary (every row each time once a window reaches back 30 days).
 */
final class LatestActivity {

    private final long[] since;
    private final long[] createdSince;
    private final long[] activeCounts;
    private final long[] newActiveCounts;
    private final long ever;

    private LatestActivity(long[] since, long[] createdSince, long[] counts) {
        this.since = since;
        this.createdSince = createdSince;
        this.activeCounts = Arrays.copyOfRange(counts, 0, since.length);
        this.newActiveCounts = Arrays.copyOfRange(counts, since.length, since.length + createdSince.length);
        this.ever = counts[counts.length - 1];
    }

    /**
     * One pass: the users of {@code users} active since each of {@code since}, and for each of
     * {@code createdSince} those whose account was created at or after it and who were active since
     * it (the new users are looked up in a hash of the users created since the oldest of them).
     */
    static LatestActivity count(Jdbc db, UserFilter users, long[] since, long[] createdSince) throws SQLException {
        long[] at = LongStream.of(since).distinct().sorted().toArray();
        long[] created = LongStream.of(createdSince).distinct().sorted().toArray();
        Sql columns = Sql.EMPTY;
        for (long s : at) {
            columns = columns.plus(Sql.of("COALESCE(SUM(CASE WHEN a.BUCKET_START >= ? THEN 1 ELSE 0 END), 0), ", s));
        }
        for (long c : created) {
            columns = columns.plus(Sql.of("COALESCE(SUM(CASE WHEN n.CREATED_TIMESTAMP >= ? AND a.BUCKET_START >= ? THEN 1 ELSE 0 END), 0), ", c, c));
        }
        Sql from = Sql.of(" FROM OA_USER_LAST_ACTIVE a");
        if (created.length > 0) {
            from = from.plus(" LEFT JOIN (SELECT u.ID, u.CREATED_TIMESTAMP FROM USER_ENTITY u WHERE ").plus(users.userCondition())
                    .plus(Sql.of(" AND u.CREATED_TIMESTAMP >= ?) n ON n.ID = a.USER_ID", created[0]));
        }
        // Service accounts never have a row here (neither their logins nor actions in their name are
        // captured): the whole realm needs no user condition on this table.
        long[] counts = db.longs(Sql.of("SELECT ").plus(columns).plus("COUNT(*)").plus(from)
                .plus(Sql.of(" WHERE a.REALM_ID = ?", users.realmId())).plus(users.memberCondition("a.USER_ID")));
        return new LatestActivity(at, created, counts);
    }

    /** Users active since {@code instant}, one of those counted. */
    long activeSince(long instant) {
        return activeCounts[indexOf(since, instant)];
    }

    /** Users created at or after {@code cutoff} and active since it, {@code cutoff} one of those counted. */
    long createdAndActiveSince(long cutoff) {
        return newActiveCounts[indexOf(createdSince, cutoff)];
    }

    /** Users with any activity. */
    long ever() {
        return ever;
    }

    private static int indexOf(long[] sorted, long value) {
        int i = Arrays.binarySearch(sorted, value);
        if (i < 0) {
            throw new IllegalArgumentException(value + " was not counted");
        }
        return i;
    }
}
