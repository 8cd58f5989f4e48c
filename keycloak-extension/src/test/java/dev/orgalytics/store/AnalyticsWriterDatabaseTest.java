package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The writer's SQL on the real engines: H2 (Keycloak's embedded database), PostgreSQL and MariaDB. */
class AnalyticsWriterDatabaseTest {

    private static final String REALM = "realm-1";
    private static final long T0 = 1_795_000_000_000L;

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void loginsAreStoredRawAndRolledUp(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            List<LoginRow> rows = List.of(
                    login("u1", "LOGIN", true, T0),
                    login("u1", "LOGIN", true, T0 + 1000),
                    login("u1", "LOGIN_ERROR", false, T0 + 2000),
                    login(null, "LOGIN_ERROR", false, T0 + 3000),
                    login("u1", "REGISTER", true, T0 - 5000),
                    login("u1", "LOGOUT", true, T0 + 4000));
            db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(rows));

            assertEquals(6, db.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?", REALM));
            assertEquals(2, db.count("SELECT SUM(LOGINS) FROM OA_USER_ACTIVITY WHERE USER_ID = 'u1'"));
            assertEquals(1, db.count("SELECT SUM(FAILED_LOGINS) FROM OA_USER_ACTIVITY WHERE USER_ID = 'u1'"));
            assertEquals(T0 + 1000, db.count("SELECT LAST_LOGIN_AT FROM OA_USER_TOTALS WHERE USER_ID = 'u1'"));
            assertEquals(T0 + 2000, db.count("SELECT LAST_FAILED_LOGIN_AT FROM OA_USER_TOTALS WHERE USER_ID = 'u1'"));
            assertEquals(T0 + 1000, db.count("SELECT LAST_ACTIVE_AT FROM OA_USER_TOTALS WHERE USER_ID = 'u1'"));
            try (Connection c = db.connect(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT LAST_ACTION_AT FROM OA_USER_TOTALS WHERE USER_ID = 'u1'")) {
                rs.next();
                assertNull(rs.getObject(1), "no action yet");
            }

            // A later batch with an older login keeps the newest last-login time.
            db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(List.of(login("u1", "LOGIN", true, T0 - 60_000))));
            assertEquals(T0 + 1000, db.count("SELECT LAST_LOGIN_AT FROM OA_USER_TOTALS WHERE USER_ID = 'u1'"));
            assertEquals(3, db.count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = 'u1'"));
            // ... and the latest active quarter hour does not move back either; a newer one moves it on.
            assertEquals(TimeBuckets.bucketStart(T0 + 1000), db.count("SELECT BUCKET_START FROM OA_USER_LAST_ACTIVE WHERE USER_ID = 'u1'"));
            db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(List.of(login("u1", "LOGIN", true, T0 + 3_600_000))));
            assertEquals(TimeBuckets.bucketStart(T0 + 3_600_000), db.count("SELECT BUCKET_START FROM OA_USER_LAST_ACTIVE WHERE USER_ID = 'u1'"));
        }
    }

    @org.junit.jupiter.api.Test
    void loginBatchesDoNotWaitForTheLogFlushOnPostgresAndTheSettingEndsWithTheirTransaction() throws Exception {
        try (TestDatabase db = TestDatabase.create("postgres"); Connection c = db.connect()) {
            c.setAutoCommit(false);
            new AnalyticsWriter(c).writeLogins(List.of(login("u1", "LOGIN", true, T0)));
            assertEquals("off", show(c, "synchronous_commit"), "the login batch's own transaction");
            c.commit();
            // Keycloak's pool hands the same connection to logins next: they must commit synchronously.
            assertEquals("on", show(c, "synchronous_commit"), "the next transaction on the connection");
            c.commit();
            assertEquals(1, db.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT"));
        }
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Session activity moves the activity roll-ups (users', the organization's, the realm's) and the
     * latest activity, never a login, and leaves no raw row; a brokered login keeps its identity provider.
     */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void sessionActivityIsRolledUpWithoutALoginOrARawRow(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            LoginRow refresh = new LoginRow(UUID.randomUUID().toString(), REALM, "u2", "web", LoginRow.SESSION, true, null,
                    "127.0.0.1", T0 + 500, List.of("org-1"));
            LoginRow brokered = login("u3", "LOGIN", true, T0).withIdentityProvider("github");
            db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(List.of(refresh, brokered)));

            assertEquals(1, db.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?", REALM), "only the login is raw");
            assertEquals(1, db.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = 'u3' AND IDENTITY_PROVIDER = 'github'"));
            for (String table : List.of("OA_USER_ACTIVITY", "OA_USER_ACTIVITY_DAY", "OA_USER_ACTIVITY_MONTH")) {
                assertEquals(1, db.count("SELECT SUM(SESSION_ACTIVITY) FROM " + table + " WHERE USER_ID = 'u2'"), table);
                assertEquals(0, db.count("SELECT SUM(LOGINS) FROM " + table + " WHERE USER_ID = 'u2'"), table);
            }
            for (String table : List.of("OA_ORG_USER_ACTIVITY", "OA_ORG_USER_ACTIVITY_DAY", "OA_ORG_USER_ACTIVITY_MONTH")) {
                assertEquals(1, db.count("SELECT SUM(SESSION_ACTIVITY) FROM " + table + " WHERE USER_ID = 'u2' AND ORG_ID = 'org-1'"), table);
            }
            assertEquals(T0 + 500, db.count("SELECT LAST_ACTIVE_AT FROM OA_ORG_USER_ACTIVITY WHERE USER_ID = 'u2'"));
            assertEquals(1, db.count("SELECT SUM(SESSION_ACTIVITY) FROM OA_REALM_ACTIVITY WHERE REALM_ID = ?", REALM));
            assertEquals(0, db.count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = 'u2'"));
            assertEquals(T0 + 500, db.count("SELECT LAST_ACTIVE_AT FROM OA_USER_TOTALS WHERE USER_ID = 'u2'"));
            assertEquals(TimeBuckets.bucketStart(T0 + 500), db.count("SELECT BUCKET_START FROM OA_USER_LAST_ACTIVE WHERE USER_ID = 'u2'"));
            try (Connection c = db.connect(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT LAST_LOGIN_AT FROM OA_USER_TOTALS WHERE USER_ID = 'u2'")) {
                rs.next();
                assertNull(rs.getObject(1), "a refresh is no login");
            }

            // Deleting the user takes their session activity out of the realm's roll-ups too.
            db.inTransaction(c -> new AnalyticsWriter(c).subtractUserFromRealm(REALM, "u2"));
            assertEquals(0, db.count("SELECT SUM(SESSION_ACTIVITY) FROM OA_REALM_ACTIVITY_MONTH WHERE REALM_ID = ?", REALM));
        }
    }

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void actionKeysAreStoredOnce(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            int[] stored = new int[2];
            db.inTransaction(c -> stored[0] = new AnalyticsWriter(c).writeActions(List.of(
                    action("u1", "profile_viewed", "k1", T0),
                    action("u1", "profile_viewed", "k1", T0), // repeated inside the batch
                    action("u1", "job_posted", null, T0),
                    action("u1", "job_posted", null, T0 + TimeBuckets.BUCKET_MILLIS))).size());
            db.inTransaction(c -> stored[1] = new AnalyticsWriter(c).writeActions(List.of(
                    action("u1", "profile_viewed", "k1", T0), // a retry
                    action("u1", "profile_viewed", "k2", T0))).size());

            assertEquals(3, stored[0]);
            assertEquals(1, stored[1]);
            assertEquals(4, db.count("SELECT COUNT(*) FROM OA_ACTION"));
            assertEquals(4, db.count("SELECT SUM(ACTIONS) FROM OA_USER_ACTIVITY WHERE USER_ID = 'u1'"));
            assertEquals(2, db.count("SELECT COUNT(*) FROM OA_USER_ACTIVITY WHERE USER_ID = 'u1'"), "two buckets");
            assertEquals(2, db.count("SELECT SUM(ACTION_COUNT) FROM OA_USER_ACTION_COUNT WHERE ACTION = 'profile_viewed'"));
            assertEquals(4, db.count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE USER_ID = 'u1'"));
            // The same key in another realm is another action.
            db.inTransaction(c -> stored[0] = new AnalyticsWriter(c).writeActions(List.of(
                    new ActionRow(UUID.randomUUID().toString(), "realm-2", "u9", "app", "profile_viewed", "k1", T0, T0,
                            null, null, null, null, null))).size());
            assertEquals(1, stored[0]);
        }
    }

    /**
     * PostgreSQL, the one engine where a write's statements travel as one round: a batch whose roll-ups
     * need more parameters than one round carries is flushed in several and loses nothing. 4,000 users,
     * each with an action in two organizations, are 4,000 rows in every user and organization roll-up
     * table, in chunks of 500 rows a statement.
     */
    @Test
    void aBatchLargerThanOneRoundOfStatementsIsStoredWholeOnPostgres() throws Exception {
        try (TestDatabase db = TestDatabase.create("postgres")) {
            int users = 4_000;
            List<ActionRow> rows = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                rows.add(new ActionRow(UUID.randomUUID().toString(), REALM, "u" + u, "app", "job_posted", null, T0 + u, T0,
                        null, null, null, null, null, List.of("org-a", "org-b")));
            }
            db.inTransaction(c -> new AnalyticsWriter(c).writeActions(rows));

            assertEquals(users, db.count("SELECT COUNT(*) FROM OA_ACTION"));
            assertEquals(2L * users, db.count("SELECT COUNT(*) FROM OA_ACTION_ORG"));
            assertEquals(0, db.count("SELECT COUNT(*) FROM OA_ACTION WHERE ORG_ID IS NOT NULL"), "two organizations each");
            for (Grain grain : Grain.values()) {
                assertEquals(users, db.count("SELECT SUM(ACTIONS) FROM " + grain.activityTable()), grain.name());
                assertEquals(users, db.count("SELECT COUNT(*) FROM " + grain.activityTable()), grain.name());
                assertEquals(2L * users, db.count("SELECT SUM(ACTIONS) FROM " + grain.orgActivityTable()), grain.name());
                assertEquals(users, db.count("SELECT SUM(ACTIONS) FROM " + grain.realmActivityTable()), grain.name());
            }
            assertEquals(users, db.count("SELECT COUNT(*) FROM OA_USER_TOTALS"));
            assertEquals(users, db.count("SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE"));
        }
    }

    /** Many writers adding to the same user bucket at once lose no increment. */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void concurrentRollupsLoseNoCount(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            int threads = 8;
            int perThread = 40;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        db.inRetriedTransaction(c -> new AnalyticsWriter(c).writeActions(
                                List.of(action("u1", "profile_viewed", null, T0), action("u1", "job_posted", null, T0))));
                        db.inRetriedTransaction(c -> new AnalyticsWriter(c).writeLogins(
                                List.of(login("u1", "LOGIN", true, T0))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            long n = threads * perThread;
            assertEquals(1, db.count("SELECT COUNT(*) FROM OA_USER_ACTIVITY"));
            assertEquals(2 * n, db.count("SELECT ACTIONS FROM OA_USER_ACTIVITY"));
            assertEquals(n, db.count("SELECT LOGINS FROM OA_USER_ACTIVITY"));
            assertEquals(n, db.count("SELECT ACTION_COUNT FROM OA_USER_ACTION_COUNT WHERE ACTION = 'job_posted'"));
            assertEquals(2 * n, db.count("SELECT ACTIONS FROM OA_USER_TOTALS"));
            assertEquals(n, db.count("SELECT LOGINS FROM OA_USER_TOTALS"));
        }
    }

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void retentionDeletesOnlyOldRowsInBatches(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            long cutoff = T0;
            List<ActionRow> actions = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                actions.add(action("u1", "old", null, cutoff - 1 - i));
            }
            actions.add(action("u1", "new", null, cutoff));
            db.inTransaction(c -> new AnalyticsWriter(c).writeActions(actions));
            db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(List.of(
                    login("u1", "LOGIN", true, cutoff - 1), login("u1", "LOGIN", true, cutoff + 1))));

            int[] batches = new int[3];
            db.inTransaction(c -> batches[0] = RetentionSweeper.on(c).deleteOlderThan(AnalyticsTable.ACTION, cutoff, 2).deleted());
            db.inTransaction(c -> batches[1] = RetentionSweeper.on(c).deleteOlderThan(AnalyticsTable.ACTION, cutoff, 10).deleted());
            db.inTransaction(c -> batches[2] = RetentionSweeper.on(c).deleteOlderThan(AnalyticsTable.ACTION, cutoff, 10).deleted());
            assertEquals(2, batches[0]);
            assertEquals(3, batches[1]);
            assertEquals(0, batches[2]);
            assertEquals(1, db.count("SELECT COUNT(*) FROM OA_ACTION"));
            assertEquals(1, db.count("SELECT COUNT(*) FROM OA_ACTION WHERE ACTION = 'new'"));

            db.inTransaction(c -> RetentionSweeper.on(c).deleteOlderThan(AnalyticsTable.LOGIN_EVENT, cutoff, 10));
            assertEquals(1, db.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT"));
            // Roll-ups are untouched by raw retention.
            assertEquals(6, db.count("SELECT SUM(ACTIONS) FROM OA_USER_ACTIVITY"));
            db.inTransaction(c -> RetentionSweeper.on(c).deleteOlderThan(AnalyticsTable.USER_ACTIVITY,
                    TimeBuckets.bucketStart(cutoff), 10));
            assertEquals(0, db.count("SELECT COUNT(*) FROM OA_USER_ACTIVITY WHERE BUCKET_START < ?",
                    TimeBuckets.bucketStart(cutoff)));
        }
    }

    /**
     * A roll-up retention shorter than a month: the day and month buckets holding the cut-off keep
     * counting (this month's numbers stay exact); buckets that ended before it go.
     */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void rollupRetentionKeepsEveryBucketThatEndsAfterTheCutoff(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            long cutoff = java.time.Instant.parse("2026-11-20T10:05:00Z").toEpochMilli();
            long lastMonth = java.time.Instant.parse("2026-10-31T23:00:00Z").toEpochMilli();
            long earlyThisMonth = java.time.Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
            long earlierToday = java.time.Instant.parse("2026-11-20T09:30:00Z").toEpochMilli();
            long sameQuarterHour = java.time.Instant.parse("2026-11-20T10:01:00Z").toEpochMilli();
            db.inTransaction(c -> new AnalyticsWriter(c).writeActions(List.of(action("u1", "a", null, lastMonth),
                    action("u1", "a", null, earlyThisMonth), action("u1", "a", null, earlierToday),
                    action("u1", "a", null, sameQuarterHour))));

            for (AnalyticsTable table : AnalyticsTable.agedOutBy(AnalyticsTable.Retention.ROLLUP)) {
                db.inTransaction(c -> RetentionSweeper.on(c).deleteOlderThan(table, cutoff, 100));
            }
            for (String scope : List.of("USER", "REALM")) {
                assertEquals(3, db.count("SELECT SUM(ACTIONS) FROM OA_" + scope + "_ACTIVITY_MONTH"), scope + " month: November whole");
                assertEquals(2, db.count("SELECT SUM(ACTIONS) FROM OA_" + scope + "_ACTIVITY_DAY"), scope + " day: the 20th whole");
                assertEquals(1, db.count("SELECT SUM(ACTIONS) FROM OA_" + scope + "_ACTIVITY"), scope + " quarter hour holding the cut-off");
                assertEquals(3, db.count("SELECT SUM(ACTION_COUNT) FROM OA_" + scope + "_ACTION_COUNT_MONTH"), scope);
            }
        }
    }

    private static LoginRow login(String userId, String type, boolean success, long time) {
        return new LoginRow(UUID.randomUUID().toString(), REALM, userId, "web", type, success,
                success ? null : "invalid_user_credentials", "127.0.0.1", time);
    }

    private static ActionRow action(String userId, String name, String key, long time) {
        return new ActionRow(UUID.randomUUID().toString(), REALM, userId, "web", name, key, time, time,
                "/jobs/1", "candidate", "c1", "Bob", "{\"a\":1}");
    }
}
