package dev.orgalytics.stats;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.LongStream;

import dev.orgalytics.store.Grain;
import dev.orgalytics.store.LatestActiveDays;
import dev.orgalytics.store.TimeBuckets;

/**
 * Counts of a filter's users by the start of their latest active quarter hour
 * ({@code OA_USER_LAST_ACTIVE}), for several instants at once: how many were active since each
 * instant, how many of those created since a cutoff were active since it, and how many were ever
 * active. The summary's "active in the last day, week, 30 days" and its dormant counts all come
 * from one statement: for the whole realm from the realm's users counted per day of their latest
 * activity (no pass over every user), for a group's or an organization's members from one pass over
 * their rows.
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
        if (users.wholeRealm()) {
            return countByDays(db, users, at, created);
        }
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
                .plus(Sql.of(" WHERE a.REALM_ID = ?", users.realmId())).plus(users.membersOnly()
                        ? users.memberCondition("a.USER_ID") : Sql.of(" AND ").plus(users.restriction("a.USER_ID"))));
        return new LatestActivity(at, created, counts);
    }

    /**
     * The same for the whole realm, from the realm's users counted per day of their latest activity
     * ({@code store.LatestActiveDays}): users active since an instant are those of its own day from
     * the instant on (a range of the latest-activity index within one day) plus the days after it;
     * ever active is the sum of the days. The new users active since a cutoff come the same way from
     * the days of the earlier of each user's creation and latest activity, the cutoff's own day read
     * from its users ({@link #newActiveWithin}). One statement, so every count is of the same moment.
     */
    private static LatestActivity countByDays(Jdbc db, UserFilter users, long[] at, long[] created) throws SQLException {
        String realm = users.realmId();
        Sql columns = Sql.EMPTY;
        for (long s : at) {
            long dayAfter = dayAfter(s);
            columns = columns.plus(Sql.of("(SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE a WHERE a.REALM_ID = ? AND a.BUCKET_START >= ?"
                    + " AND a.BUCKET_START < ?) + ", realm, s, dayAfter)).plus(daysFrom(LatestActiveDays.TABLE, realm, dayAfter))
                    .plus(", ");
        }
        for (long c : created) {
            // The cutoff's day is split at the cutoff; the shorter part is read from the users.
            long day = Grain.DAY.bucketStart(c);
            long dayAfter = dayAfter(c);
            if (dayAfter - c <= TimeBuckets.DAY_MILLIS / 2) {
                columns = columns.plus(daysFrom(LatestActiveDays.NEW_TABLE, realm, dayAfter)).plus(" + ")
                        .plus(newActiveWithin(users, c, dayAfter));
            } else {
                columns = columns.plus(daysFrom(LatestActiveDays.NEW_TABLE, realm, day)).plus(" - ")
                        .plus(newActiveWithin(users, day, c));
            }
            columns = columns.plus(", ");
        }
        Sql ever = Sql.of("(SELECT COALESCE(SUM(d.USERS), 0) FROM " + LatestActiveDays.TABLE + " d WHERE d.REALM_ID = ?)", realm);
        return new LatestActivity(at, created, db.longs(Sql.of("SELECT ").plus(columns).plus(ever)));
    }

    /** The start of the UTC day after the one holding {@code instant}, or the instant itself when it starts a day. */
    private static long dayAfter(long instant) {
        long day = Grain.DAY.bucketStart(instant);
        return day == instant ? instant : day + TimeBuckets.DAY_MILLIS;
    }

    /** The sum of a realm's day counts in {@code table} from {@code dayStart} on. */
    private static Sql daysFrom(String table, String realm, long dayStart) {
        return Sql.of("(SELECT COALESCE(SUM(d.USERS), 0) FROM " + table + " d WHERE d.REALM_ID = ? AND d.DAY_START >= ?)",
                realm, dayStart);
    }

    /**
     * The users whose earlier of creation and latest active quarter hour lies in {@code [from, to)}
     * (quarter hours of one day): created in it and active since {@code from}, or created after it
     * and last active in it. The first part starts from the users created in it (Keycloak's index on
     * creation), the second from the latest activity of that part of a day; both are small.
     */
    private static Sql newActiveWithin(UserFilter users, long from, long to) {
        return Sql.of("((SELECT COUNT(*) FROM USER_ENTITY u JOIN OA_USER_LAST_ACTIVE a ON a.REALM_ID = u.REALM_ID"
                        + " AND a.USER_ID = u.ID WHERE ").plus(users.userCondition())
                .plus(Sql.of(" AND u.CREATED_TIMESTAMP >= ? AND u.CREATED_TIMESTAMP < ? AND a.CREATED_AT >= ? AND a.CREATED_AT < ?"
                        + " AND a.BUCKET_START >= ?) + (SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE a WHERE a.REALM_ID = ?"
                        + " AND a.BUCKET_START >= ? AND a.BUCKET_START < ? AND a.CREATED_AT >= ?))",
                        from, to, from, to, from, users.realmId(), from, to, to));
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
