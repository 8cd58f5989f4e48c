package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The realm days' counts of latest activity ({@code OA_REALM_LAST_ACTIVE_DAY}, {@code
 * OA_REALM_NEW_ACTIVE_DAY}) on the real engines: after concurrent writers moved the same users back
 * and forth across days, and after users were deleted, each day's count equals the users whose
 * latest active quarter hour lies in it, and the users whose earlier of creation and latest activity
 * lies in it. Users are created within the same ten days as their activity, so many are first active
 * (by the times posted) before their account exists.
 */
class LatestActiveDaysDatabaseTest {

    private static final String[] REALMS = {"realm-1", "realm-2"};
    private static final long DAY0 = 1_794_960_000_000L; // a UTC midnight (2026-11-17)

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void concurrentWritersAndDeletionsKeepEveryDaysCount(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            createUsers(db);
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(t);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        // 40 users shared by every writer, times over ten days in any order, new users among them.
                        List<LoginRow> logins = new ArrayList<>();
                        List<ActionRow> actions = new ArrayList<>();
                        for (int n = 1 + random.nextInt(4); n > 0; n--) {
                            String realm = REALMS[random.nextInt(REALMS.length)];
                            String user = realm + "/u" + random.nextInt(40);
                            long time = DAY0 + random.nextLong(10 * TimeBuckets.DAY_MILLIS);
                            if (random.nextBoolean()) {
                                logins.add(new LoginRow(UUID.randomUUID().toString(), realm, user, "web", "LOGIN", true, null,
                                        null, time));
                            } else {
                                actions.add(new ActionRow(UUID.randomUUID().toString(), realm, user, "web", "job_posted", null,
                                        time, time, null, null, null, null, null));
                            }
                        }
                        // One write per transaction, as the extension's callers make them.
                        db.inRetriedTransaction(c -> new AnalyticsWriter(c).writeLogins(logins));
                        db.inRetriedTransaction(c -> new AnalyticsWriter(c).writeActions(actions));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            Map<String, Long> counted = daysCounted(db);
            assertFalse(counted.isEmpty());
            assertEquals(daysOfUsers(db), counted);
            assertEquals(db.count("SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE"), counted.values().stream().mapToLong(Long::longValue).sum());
            Map<String, Long> newCounted = newDaysCounted(db);
            assertEquals(newDaysOfUsers(db), newCounted);
            // Every row carries its user's creation time; the users created without one are counted in no day.
            assertEquals(0, db.count("SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE a JOIN USER_ENTITY u ON u.ID = a.USER_ID"
                    + " WHERE a.CREATED_AT <> u.CREATED_TIMESTAMP OR (a.CREATED_AT IS NULL AND u.CREATED_TIMESTAMP IS NOT NULL)"));
            long withCreation = db.count("SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE WHERE CREATED_AT IS NOT NULL");
            assertEquals(withCreation, newCounted.values().stream().mapToLong(Long::longValue).sum());
            assertTrue(withCreation < db.count("SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE"));
            // Some users' earlier quarter hour is their activity's, not their creation's.
            assertTrue(db.count("SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE WHERE BUCKET_START < CREATED_AT - MOD(CREATED_AT, "
                    + TimeBuckets.BUCKET_MILLIS + ")") > 0);

            for (String user : List.of("realm-1/u0", "realm-1/u5", "realm-1/u11", "never-active")) {
                db.inRetriedTransaction(c -> new AnalyticsDeletion(c).deleteUser("realm-1", user));
            }
            assertEquals(daysOfUsers(db), daysCounted(db));
            assertEquals(newDaysOfUsers(db), newDaysCounted(db));
            db.inRetriedTransaction(c -> new AnalyticsDeletion(c).deleteRealm("realm-2"));
            assertEquals(daysOfUsers(db), daysCounted(db));
            assertEquals(newDaysOfUsers(db), newDaysCounted(db));
            assertEquals(0, db.count("SELECT COUNT(*) FROM OA_REALM_LAST_ACTIVE_DAY WHERE REALM_ID = 'realm-2'"));
            assertEquals(0, db.count("SELECT COUNT(*) FROM OA_REALM_NEW_ACTIVE_DAY WHERE REALM_ID = 'realm-2'"));
        }
    }

    /** The 40 users of each realm in Keycloak's table, created within the ten days; every seventh without a time. */
    private static void createUsers(TestDatabase db) throws SQLException {
        SplittableRandom random = new SplittableRandom(99);
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO USER_ENTITY (ID, USERNAME, ENABLED, CREATED_TIMESTAMP,"
                    + " REALM_ID) VALUES (?, ?, TRUE, ?, ?)")) {
                for (String realm : REALMS) {
                    for (int n = 0; n < 40; n++) {
                        ps.setString(1, realm + "/u" + n);
                        ps.setString(2, "u" + n);
                        if (n % 7 == 3) {
                            ps.setNull(3, Types.BIGINT);
                        } else {
                            ps.setLong(3, DAY0 + random.nextLong(10 * TimeBuckets.DAY_MILLIS));
                        }
                        ps.setString(4, realm);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
        });
    }

    /** Each realm day with users: the sum of its stripes. */
    private static Map<String, Long> daysCounted(TestDatabase db) throws SQLException {
        return rows(db, "SELECT REALM_ID, DAY_START, SUM(USERS) FROM OA_REALM_LAST_ACTIVE_DAY GROUP BY REALM_ID, DAY_START"
                + " HAVING SUM(USERS) <> 0");
    }

    /** Each realm day: the users whose latest active quarter hour lies in it. */
    private static Map<String, Long> daysOfUsers(TestDatabase db) throws SQLException {
        return rows(db, "SELECT REALM_ID, " + ExpectedDays.latestActivity() + ", COUNT(*) FROM OA_USER_LAST_ACTIVE"
                + " GROUP BY REALM_ID, " + ExpectedDays.latestActivity());
    }

    /** Each realm day of new-user counts with users: the sum of its stripes. */
    private static Map<String, Long> newDaysCounted(TestDatabase db) throws SQLException {
        return rows(db, "SELECT REALM_ID, DAY_START, SUM(USERS) FROM OA_REALM_NEW_ACTIVE_DAY GROUP BY REALM_ID, DAY_START"
                + " HAVING SUM(USERS) <> 0");
    }

    /** Each realm day: the users with a creation time whose earlier of creation and latest activity lies in it. */
    private static Map<String, Long> newDaysOfUsers(TestDatabase db) throws SQLException {
        String day = ExpectedDays.newActivity();
        return rows(db, "SELECT REALM_ID, " + day + ", COUNT(*) FROM OA_USER_LAST_ACTIVE WHERE CREATED_AT IS NOT NULL"
                + " GROUP BY REALM_ID, " + day);
    }

    private static Map<String, Long> rows(TestDatabase db, String sql) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1) + "|" + rs.getLong(2), rs.getLong(3));
            }
        }
        return out;
    }
}
