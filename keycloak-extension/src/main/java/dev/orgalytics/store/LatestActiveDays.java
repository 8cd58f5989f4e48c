package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A realm's users counted by the UTC day of their latest active quarter hour
 * ({@code OA_REALM_LAST_ACTIVE_DAY}), kept in the transaction that moves a user's
 * {@code OA_USER_LAST_ACTIVE} row. "Active since T" for the whole realm is then the users whose row
 * lies in T's own day from T on (one day of the index) plus the counts of the later days, and
 * "ever active" is the sum of the counts: the summary's active and dormant counts read a few hundred
 * rows per realm instead of one row per user who was ever active (at 500,000 users, every summary
 * read 400,000 index entries, more in a table whose rows had moved thousands of times).
 *
 * <p>Moving a user from one day to another needs the day it leaves, so the writer reads the users'
 * rows with a row lock before it moves them: a concurrent writer of the same user waits and then
 * reads the day this one left it on. A user without a row is inserted by a plain INSERT, not an
 * upsert, so that two writers both seeing no row cannot both count the user: the second one's
 * insert fails on the primary key and its transaction is run again (as every writer's lost races
 * are), finding the row. The counts are striped like the realm roll-ups; readers sum the stripes.
 *
 * <p>The same rows carry the account's creation time ({@code CREATED_AT}, copied from Keycloak's
 * {@code USER_ENTITY} when the row is inserted), and {@code OA_REALM_NEW_ACTIVE_DAY} counts each such
 * user in the UTC day of the earlier of their creation's and their latest activity's quarter hours.
 * For a quarter-hour cutoff T, "created since T and active since T" is "that earlier quarter hour is
 * at or after T": the dormant counts' new users, read like the active users, without joining every
 * new user to their latest activity. The earlier one is the creation for nearly every user; it is the
 * activity only for a user whose only activity was recorded with an earlier time than their account
 * (an application posting history for a newly created user), until they are active again.
 */
public final class LatestActiveDays {

    public static final String TABLE = "OA_REALM_LAST_ACTIVE_DAY";
    /** Users counted by the UTC day of the earlier of their creation and their latest activity. */
    public static final String NEW_TABLE = "OA_REALM_NEW_ACTIVE_DAY";

    /** One user's latest active quarter hour, and their account's creation time (null: unknown). */
    record UserBucket(Rollup.UserKey user, long bucketStart, Long createdAt) {

        /** The quarter hour the user is counted in by {@link #NEW_TABLE}; null when the creation is unknown. */
        Long newActiveBucket() {
            return LatestActiveDays.newActiveBucket(bucketStart, createdAt);
        }
    }

    /**
     * What a batch does to the latest activity: rows to insert (users without one), rows to move
     * forward, and the change of each realm day's count in {@link #TABLE} and in {@link #NEW_TABLE}
     * (never a zero).
     */
    record Moves(List<UserBucket> inserts, List<UserBucket> moves, SortedMap<Rollup.RealmBucketKey, Long> dayCounts,
                 SortedMap<Rollup.RealmBucketKey, Long> newDayCounts) {
    }

    private LatestActiveDays() {
    }

    /**
     * The quarter hour a user created at {@code createdAt} and last active in {@code bucketStart} is
     * counted in by {@link #NEW_TABLE}: the earlier of the two; null when the creation is unknown
     * (Keycloak's users older than 1.4, users of an unimported federation), as such a user is never new.
     */
    public static Long newActiveBucket(long bucketStart, Long createdAt) {
        return createdAt == null ? null : Math.min(TimeBuckets.bucketStart(createdAt), bucketStart);
    }

    /**
     * Pure: the moves for a batch whose users' latest active buckets are {@code latest}, given their
     * stored rows {@code stored} (absent: no row) and the creation times of the users without a row
     * ({@code createdOfNew}, absent: unknown). A bucket not later than the stored one changes nothing;
     * a later one in the same UTC day moves the row but not the counts.
     */
    static Moves plan(SortedMap<Rollup.UserKey, Long> latest, Map<Rollup.UserKey, UserBucket> stored,
                      Map<Rollup.UserKey, Long> createdOfNew) {
        List<UserBucket> inserts = new ArrayList<>();
        List<UserBucket> moves = new ArrayList<>();
        SortedMap<Rollup.RealmBucketKey, Long> counts = new TreeMap<>();
        SortedMap<Rollup.RealmBucketKey, Long> newCounts = new TreeMap<>();
        latest.forEach((user, bucket) -> {
            UserBucket before = stored.get(user);
            if (before == null) {
                UserBucket inserted = new UserBucket(user, bucket, createdOfNew.get(user));
                inserts.add(inserted);
                moveDay(counts, user, null, bucket);
                moveDay(newCounts, user, null, inserted.newActiveBucket());
            } else if (bucket > before.bucketStart()) {
                UserBucket moved = new UserBucket(user, bucket, before.createdAt());
                moves.add(moved);
                moveDay(counts, user, before.bucketStart(), bucket);
                moveDay(newCounts, user, before.newActiveBucket(), moved.newActiveBucket());
            }
        });
        counts.values().removeIf(v -> v == 0);
        newCounts.values().removeIf(v -> v == 0);
        return new Moves(inserts, moves, counts, newCounts);
    }

    /** Moves a user's count from the day of {@code from} to the day of {@code to} (either null: not counted). */
    private static void moveDay(Map<Rollup.RealmBucketKey, Long> counts, Rollup.UserKey user, Long from, Long to) {
        Long fromDay = from == null ? null : Grain.DAY.bucketStart(from);
        Long toDay = to == null ? null : Grain.DAY.bucketStart(to);
        if (Objects.equals(fromDay, toDay)) {
            return;
        }
        if (fromDay != null) {
            counts.merge(new Rollup.RealmBucketKey(user.realmId(), fromDay), -1L, Long::sum);
        }
        if (toDay != null) {
            counts.merge(new Rollup.RealmBucketKey(user.realmId(), toDay), 1L, Long::sum);
        }
    }

    /**
     * The moves of a batch's roll-up: its users' latest active quarter hours, against their stored
     * ones read under lock ({@link #lockAndRead}), and the creation times of the users new here.
     */
    static Moves lockAndPlan(Connection connection, Rollup rollup) throws SQLException {
        SortedMap<Rollup.UserKey, Long> buckets = new TreeMap<>();
        rollup.totals().forEach((user, t) -> {
            if (t.lastActiveAt() != null) {
                buckets.put(user, TimeBuckets.bucketStart(t.lastActiveAt()));
            }
        });
        if (buckets.isEmpty()) {
            return plan(buckets, Map.of(), Map.of());
        }
        Map<Rollup.UserKey, UserBucket> stored = lockAndRead(connection, buckets.keySet());
        List<Rollup.UserKey> newUsers = buckets.keySet().stream().filter(u -> !stored.containsKey(u)).toList();
        return plan(buckets, stored, newUsers.isEmpty() ? Map.of() : createdAt(connection, newUsers));
    }

    /**
     * The stored latest activity of {@code users}, their rows locked until the transaction ends (in
     * primary-key order, the order every writer locks them in).
     */
    static Map<Rollup.UserKey, UserBucket> lockAndRead(Connection connection, Iterable<Rollup.UserKey> users) throws SQLException {
        Map<Rollup.UserKey, UserBucket> out = new HashMap<>();
        selectByUser(connection, users, "SELECT USER_ID, BUCKET_START, CREATED_AT FROM OA_USER_LAST_ACTIVE WHERE REALM_ID = ?"
                + " AND USER_ID", " ORDER BY USER_ID FOR UPDATE", (user, rs) -> out.put(user,
                new UserBucket(user, rs.getLong(2), nullableLong(rs, 3))));
        return out;
    }

    /** The creation times of {@code users} in Keycloak's {@code USER_ENTITY} (absent: no such user, or no time). */
    static Map<Rollup.UserKey, Long> createdAt(Connection connection, Iterable<Rollup.UserKey> users) throws SQLException {
        Map<Rollup.UserKey, Long> out = new HashMap<>();
        selectByUser(connection, users, "SELECT ID, CREATED_TIMESTAMP FROM USER_ENTITY WHERE REALM_ID = ? AND ID", "",
                (user, rs) -> {
                    Long created = nullableLong(rs, 2);
                    if (created != null) {
                        out.put(user, created);
                    }
                });
        return out;
    }

    private interface UserRowReader {
        void read(Rollup.UserKey user, ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code select} (ending in the user column, realm bound first) with {@code IN (...)} for
     * each realm's chunks of {@code users}, then {@code suffix}; each row's first column is the user id.
     */
    private static void selectByUser(Connection connection, Iterable<Rollup.UserKey> users, String select, String suffix,
                                     UserRowReader reader) throws SQLException {
        Map<String, List<String>> byRealm = new TreeMap<>();
        users.forEach(u -> byRealm.computeIfAbsent(u.realmId(), r -> new ArrayList<>()).add(u.userId()));
        for (Map.Entry<String, List<String>> realm : byRealm.entrySet()) {
            KeyLookups.select(connection, realm.getValue(), chunk -> select + " IN (" + KeyLookups.placeholders(chunk.size())
                    + ")" + suffix, (ps, chunk) -> {
                        ps.setString(1, realm.getKey());
                        KeyLookups.bindStrings(ps, 2, chunk);
                    }, rs -> reader.read(new Rollup.UserKey(realm.getKey(), rs.getString(1)), rs));
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * Takes a user about to be deleted out of their days' counts (stripe 0: readers sum the
     * stripes), their row locked first as every writer locks it.
     */
    static void remove(Connection connection, SqlDialect dialect, String realmId, String userId) throws SQLException {
        Rollup.UserKey user = new Rollup.UserKey(realmId, userId);
        UserBucket stored = lockAndRead(connection, List.of(user)).get(user);
        if (stored == null) {
            return;
        }
        subtractOne(connection, dialect.upsertDayCount(TABLE), realmId, stored.bucketStart());
        Long newActive = stored.newActiveBucket();
        if (newActive != null) {
            subtractOne(connection, dialect.upsertDayCount(NEW_TABLE), realmId, newActive);
        }
    }

    private static void subtractOne(Connection connection, String upsert, String realmId, long bucket) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(upsert)) {
            ps.setString(1, realmId);
            ps.setLong(2, Grain.DAY.bucketStart(bucket));
            ps.setInt(3, 0);
            ps.setLong(4, -1);
            ps.executeUpdate();
        }
    }
}
