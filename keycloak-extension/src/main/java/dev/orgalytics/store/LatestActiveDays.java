package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class LatestActiveDays {

    public static final String TABLE = "OA_REALM_LAST_ACTIVE_DAY";
    /** Users per look-up statement: far below every driver's parameter limit. */
    private static final int CHUNK = 500;

    /** One user's latest active quarter hour. */
    record UserBucket(Rollup.UserKey user, long bucketStart) {
    }

    /**
     * What a batch does to the latest activity: rows to insert (users without one), rows to move
     * forward, and the change of each realm day's count (never a zero).
     */
    record Moves(List<UserBucket> inserts, List<UserBucket> moves, SortedMap<Rollup.RealmBucketKey, Long> dayCounts) {
    }

    private LatestActiveDays() {
    }

    /**
     * Pure: the moves for a batch whose users' latest active buckets are {@code latest}, given their
     * stored buckets {@code stored} (absent: no row). A bucket not later than the stored one changes
     * nothing; a later one in the same UTC day moves the row but not the counts.
     */
    static Moves plan(SortedMap<Rollup.UserKey, Long> latest, Map<Rollup.UserKey, Long> stored) {
        List<UserBucket> inserts = new ArrayList<>();
        List<UserBucket> moves = new ArrayList<>();
        SortedMap<Rollup.RealmBucketKey, Long> counts = new TreeMap<>();
        latest.forEach((user, bucket) -> {
            Long before = stored.get(user);
            if (before == null) {
                inserts.add(new UserBucket(user, bucket));
                counts.merge(new Rollup.RealmBucketKey(user.realmId(), Grain.DAY.bucketStart(bucket)), 1L, Long::sum);
            } else if (bucket > before) {
                moves.add(new UserBucket(user, bucket));
                long from = Grain.DAY.bucketStart(before);
                long to = Grain.DAY.bucketStart(bucket);
                if (from != to) {
                    counts.merge(new Rollup.RealmBucketKey(user.realmId(), from), -1L, Long::sum);
                    counts.merge(new Rollup.RealmBucketKey(user.realmId(), to), 1L, Long::sum);
                }
            }
        });
        counts.values().removeIf(v -> v == 0);
        return new Moves(inserts, moves, counts);
    }

    /**
     * The moves of a batch's roll-up: its users' latest active quarter hours, against their stored
     * ones read under lock ({@link #lockAndRead}).
     */
    static Moves lockAndPlan(Connection connection, Rollup rollup) throws SQLException {
        SortedMap<Rollup.UserKey, Long> buckets = new TreeMap<>();
        rollup.totals().forEach((user, t) -> {
            if (t.lastActiveAt() != null) {
                buckets.put(user, TimeBuckets.bucketStart(t.lastActiveAt()));
            }
        });
        return plan(buckets, buckets.isEmpty() ? Map.of() : lockAndRead(connection, buckets.keySet()));
    }

    /**
     * The stored latest active buckets of {@code users}, their rows locked until the transaction
     * ends (in primary-key order, the order every writer locks them in).
     */
    static Map<Rollup.UserKey, Long> lockAndRead(Connection connection, Iterable<Rollup.UserKey> users) throws SQLException {
        Map<String, List<String>> byRealm = new TreeMap<>();
        users.forEach(u -> byRealm.computeIfAbsent(u.realmId(), r -> new ArrayList<>()).add(u.userId()));
        Map<Rollup.UserKey, Long> out = new HashMap<>();
        for (Map.Entry<String, List<String>> realm : byRealm.entrySet()) {
            List<String> ids = realm.getValue();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                String sql = "SELECT USER_ID, BUCKET_START FROM OA_USER_LAST_ACTIVE WHERE REALM_ID = ? AND USER_ID IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") ORDER BY USER_ID FOR UPDATE";
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setString(1, realm.getKey());
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(new Rollup.UserKey(realm.getKey(), rs.getString(1)), rs.getLong(2));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Takes a user about to be deleted out of their day's count (stripe 0: readers sum the
     * stripes), their row locked first as every writer locks it.
     */
    static void remove(Connection connection, SqlDialect dialect, String realmId, String userId) throws SQLException {
        Rollup.UserKey user = new Rollup.UserKey(realmId, userId);
        Long bucket = lockAndRead(connection, List.of(user)).get(user);
        if (bucket == null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsertLastActiveDay())) {
            ps.setString(1, realmId);
            ps.setLong(2, Grain.DAY.bucketStart(bucket));
            ps.setInt(3, 0);
            ps.setLong(4, -1);
            ps.executeUpdate();
        }
    }
}
