package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import dev.orgalytics.stats.ActionsReport;
import dev.orgalytics.stats.Jdbc;
import dev.orgalytics.stats.ReportRange;
import dev.orgalytics.stats.UserFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Upgrading a 0.2 database: changelog 0.3.0 fills the day, month and realm roll-ups (every grain) from the quarter
 * hours already stored, and each user's latest active quarter hour from the totals, with each database's own month arithmetic, to exactly what the writer
 * would have stored.
 */
class ChangelogUpgradeDatabaseTest {

    private static final String[] REALMS = {"realm-a", "realm-b"};
    private static final String[] USERS = {"u1", "u2", "u3"};
    private static final String[] ACTIONS = {"job_posted", "profile_viewed"};

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void coarseAndRealmRollupsAreFilledFromTheQuarterHours(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "META-INF/org-analytics-changelog-0.2.xml")) {
            // Quarter hours around two month ends, a leap day and a year end, as 0.2 stored them.
            Rollup expected = new Rollup();
            SplittableRandom random = new SplittableRandom(3);
            long[] around = {at("2024-02-28T22:00:00Z"), at("2026-10-31T20:00:00Z"), at("2026-12-31T21:00:00Z")};
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                for (long base : around) {
                    for (int i = 0; i < 60; i++) {
                        long time = base + random.nextLong(8 * 3_600_000L);
                        String realm = REALMS[random.nextInt(REALMS.length)];
                        String user = USERS[random.nextInt(USERS.length)];
                        if (random.nextBoolean()) {
                            expected.addLogin(realm, user, time, random.nextInt(4) > 0);
                        } else {
                            expected.addAction(realm, user, time, ACTIONS[random.nextInt(ACTIONS.length)]);
                        }
                    }
                }
                insertQuarterHours(c, expected);
                c.commit();
            }

            db.migrate(TestDatabase.CHANGELOG);

            for (Grain grain : List.of(Grain.DAY, Grain.MONTH)) {
                Map<String, Long> want = new TreeMap<>();
                expected.activity(grain).forEach((k, v) -> want.put(k.realmId() + "|" + k.userId() + "|" + k.bucketStart(),
                        v.logins() * 1_000_000 + v.failedLogins() * 1000 + v.actions()));
                assertEquals(want, rows(db, "SELECT REALM_ID, USER_ID, BUCKET_START, LOGINS * 1000000 + FAILED_LOGINS * 1000 + ACTIONS"
                        + " FROM " + grain.activityTable()), grain.activityTable());
                Map<String, Long> wantCounts = new TreeMap<>();
                expected.actionCounts(grain).forEach((k, v) -> wantCounts.put(k.activity().realmId() + "|" + k.activity().userId()
                        + "|" + k.activity().bucketStart() + "|" + k.action(), v));
                assertEquals(wantCounts, rows(db, "SELECT REALM_ID, USER_ID, BUCKET_START, ACTION, ACTION_COUNT FROM "
                        + grain.actionCountTable()), grain.actionCountTable());
            }
            Map<String, Long> wantLastActive = new TreeMap<>();
            expected.totals().forEach((k, v) -> {
                if (v.lastActiveAt() != null) {
                    wantLastActive.put(k.realmId() + "|" + k.userId(), TimeBuckets.bucketStart(v.lastActiveAt()));
                }
            });
            assertEquals(wantLastActive, rows(db, "SELECT REALM_ID, USER_ID, BUCKET_START FROM OA_USER_LAST_ACTIVE"));
            for (Grain grain : Grain.values()) {
                Map<String, Long> wantRealm = new TreeMap<>();
                Rollup.regrain(expected.realmActivity(), grain).forEach((k, v) -> wantRealm.put(k.realmId() + "|" + k.bucketStart(),
                        v.logins() * 1_000_000 + v.failedLogins() * 1000 + v.actions()));
                assertEquals(wantRealm, rows(db, "SELECT REALM_ID, BUCKET_START, SUM(LOGINS * 1000000 + FAILED_LOGINS * 1000 + ACTIONS)"
                        + " FROM " + grain.realmActivityTable() + " GROUP BY REALM_ID, BUCKET_START"), grain.realmActivityTable());
                Map<String, Long> wantRealmCounts = new TreeMap<>();
                Rollup.regrainActions(expected.realmActionCounts(), grain).forEach((k, v) -> wantRealmCounts.put(
                        k.bucket().realmId() + "|" + k.bucket().bucketStart() + "|" + k.action(), v));
                assertEquals(wantRealmCounts, rows(db, "SELECT REALM_ID, BUCKET_START, ACTION, SUM(ACTION_COUNT) FROM "
                        + grain.realmActionCountTable() + " GROUP BY REALM_ID, BUCKET_START, ACTION"), grain.realmActionCountTable());
            }
        }
    }

    /**
     * Upgrading a 0.6 database: changelog 0.7.0 fills the organizations' roll-ups of every grain from
     * the attribution rows (logins and failed logins only, not logouts), to exactly what the writer
     * would have stored, latest activity included.
     */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void organizationRollupsAreFilledFromTheAttributionRows(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "META-INF/org-analytics-changelog-0.6.xml")) {
            Rollup expected = new Rollup();
            SplittableRandom random = new SplittableRandom(7);
            List<List<String>> memberships = List.of(List.of("acme"), List.of("acme", "globex"), List.of("globex"));
            long[] around = {at("2024-02-28T22:00:00Z"), at("2026-10-31T20:00:00Z")};
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                int id = 0;
                for (long base : around) {
                    for (int i = 0; i < 60; i++, id++) {
                        long time = base + random.nextLong(8 * 3_600_000L);
                        String realm = REALMS[random.nextInt(REALMS.length)];
                        String user = USERS[random.nextInt(USERS.length)];
                        List<String> orgs = memberships.get(random.nextInt(memberships.size()));
                        int kindOfEvent = random.nextInt(4);
                        if (kindOfEvent < 2) {
                            boolean success = kindOfEvent == 0;
                            expected.addLogin(realm, user, time, success, orgs);
                            insertLogin(c, "e" + id, realm, user, success ? "LOGIN" : "LOGIN_ERROR", success, time, orgs);
                        } else if (kindOfEvent == 2) {
                            insertLogin(c, "e" + id, realm, user, "LOGOUT", true, time, orgs);
                        } else {
                            String action = ACTIONS[random.nextInt(ACTIONS.length)];
                            expected.addAction(realm, user, time, action, orgs);
                            insertAction(c, "a" + id, realm, user, action, time, orgs);
                        }
                    }
                }
                c.commit();
            }

            db.migrate(TestDatabase.CHANGELOG);

            for (Grain grain : Grain.values()) {
                Map<String, Long> want = new TreeMap<>();
                expected.orgActivity(grain).forEach((k, v) -> want.put(k.realmId() + "|" + k.organizationId() + "|" + k.userId() + "|"
                        + k.bucketStart() + "|" + v.lastActiveAt(), v.logins() * 1_000_000 + v.failedLogins() * 1000 + v.actions()));
                assertEquals(want, rows(db, "SELECT REALM_ID, ORG_ID, USER_ID, BUCKET_START, LAST_ACTIVE_AT,"
                        + " LOGINS * 1000000 + FAILED_LOGINS * 1000 + ACTIONS FROM " + grain.orgActivityTable()), grain.orgActivityTable());
                Map<String, Long> wantCounts = new TreeMap<>();
                expected.orgActionCounts(grain).forEach((k, v) -> wantCounts.put(k.activity().realmId() + "|"
                        + k.activity().organizationId() + "|" + k.activity().userId() + "|" + k.activity().bucketStart() + "|" + k.action(), v));
                assertEquals(wantCounts, rows(db, "SELECT REALM_ID, ORG_ID, USER_ID, BUCKET_START, ACTION, ACTION_COUNT FROM "
                        + grain.orgActionCountTable()), grain.orgActionCountTable());
            }
        }
    }

    /**
     * Upgrading a 0.7 database: changelog 0.8.0 adds session activity to every activity roll-up (0
     * on the rows already there) and the identity provider to the login events (null on those), and
     * the writer then adds to the old rows.
     */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void sessionActivityAndIdentityProviderColumnsJoinTheStoredRows(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "META-INF/org-analytics-changelog-0.7.xml")) {
            long time = at("2026-10-31T20:05:00Z");
            long bucket = TimeBuckets.bucketStart(time);
            try (Connection c = db.connect()) {
                insertLogin(c, "e1", "realm-a", "u1", "LOGIN", true, time, List.of("acme"));
                for (Grain grain : Grain.values()) {
                    c.createStatement().executeUpdate("INSERT INTO " + grain.activityTable() + " (REALM_ID, USER_ID, BUCKET_START,"
                            + " LOGINS, FAILED_LOGINS, ACTIONS) VALUES ('realm-a', 'u1', " + grain.bucketStart(time) + ", 1, 0, 0)");
                    c.createStatement().executeUpdate("INSERT INTO " + grain.orgActivityTable() + " (REALM_ID, ORG_ID, USER_ID,"
                            + " BUCKET_START, LOGINS, FAILED_LOGINS, ACTIONS, LAST_ACTIVE_AT) VALUES ('realm-a', 'acme', 'u1', "
                            + grain.bucketStart(time) + ", 1, 0, 0, " + time + ")");
                    c.createStatement().executeUpdate("INSERT INTO " + grain.realmActivityTable() + " (REALM_ID, BUCKET_START,"
                            + " STRIPE, LOGINS, FAILED_LOGINS, ACTIONS) VALUES ('realm-a', " + grain.bucketStart(time) + ", 0, 1, 0, 0)");
                }
            }

            db.migrate(TestDatabase.CHANGELOG);

            assertEquals(Map.of("e1", 0L), rows(db, "SELECT ID, CASE WHEN IDENTITY_PROVIDER IS NULL THEN 0 ELSE 1 END FROM OA_LOGIN_EVENT"));
            for (Grain grain : Grain.values()) {
                for (String table : List.of(grain.activityTable(), grain.orgActivityTable(), grain.realmActivityTable())) {
                    assertEquals(Map.of("realm-a", 1000L), rows(db, "SELECT REALM_ID, LOGINS * 1000 + SESSION_ACTIVITY FROM " + table), table);
                }
            }
            db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(List.of(new LoginRow("s1", "realm-a", "u1", "web",
                    LoginRow.SESSION, true, null, null, time + 60_000, List.of("acme")))));
            assertEquals(Map.of("realm-a|" + bucket, 1001L), rows(db, "SELECT REALM_ID, BUCKET_START,"
                    + " LOGINS * 1000 + SESSION_ACTIVITY FROM OA_USER_ACTIVITY"));
            assertEquals(Map.of("realm-a|" + bucket, 1001L), rows(db, "SELECT REALM_ID, BUCKET_START,"
                    + " SUM(LOGINS) * 1000 + SUM(SESSION_ACTIVITY) FROM OA_REALM_ACTIVITY GROUP BY REALM_ID, BUCKET_START"));
            assertEquals(Map.of("realm-a|acme", 1001L), rows(db, "SELECT REALM_ID, ORG_ID, LOGINS * 1000 + SESSION_ACTIVITY"
                    + " FROM OA_ORG_USER_ACTIVITY_MONTH"));
        }
    }

    /**
     * Upgrading a 0.8 database: changelog 0.9.0 counts the realm's users by the UTC day of their
     * latest active quarter hour from the rows already there, and the writer then moves them on.
     */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void latestActiveDaysAreCountedFromTheStoredUsers(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "META-INF/org-analytics-changelog-0.8.xml")) {
            long day = at("2026-10-30T00:00:00Z");
            long[] buckets = {day + 15 * 60_000L, day + 23 * 3_600_000L + 45 * 60_000L, day + TimeBuckets.DAY_MILLIS, day};
            try (Connection c = db.connect()) {
                for (int i = 0; i < buckets.length; i++) {
                    c.createStatement().executeUpdate("INSERT INTO OA_USER_LAST_ACTIVE (REALM_ID, USER_ID, BUCKET_START) VALUES ("
                            + (i < 3 ? "'realm-a'" : "'realm-b'") + ", 'u" + i + "', " + buckets[i] + ")");
                }
            }

            db.migrate(TestDatabase.CHANGELOG);

            long next = day + TimeBuckets.DAY_MILLIS;
            assertEquals(Map.of("realm-a|" + day, 2L, "realm-a|" + next, 1L, "realm-b|" + day, 1L), rows(db,
                    "SELECT REALM_ID, DAY_START, SUM(USERS) FROM OA_REALM_LAST_ACTIVE_DAY GROUP BY REALM_ID, DAY_START"));
            // u0 comes back the next day: one user moves from the first day to the second.
            db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(List.of(new LoginRow("e1", "realm-a", "u0", "web",
                    "LOGIN", true, null, null, next + 3_600_000L, List.of()))));
            assertEquals(Map.of("realm-a|" + day, 1L, "realm-a|" + next, 2L, "realm-b|" + day, 1L), rows(db,
                    "SELECT REALM_ID, DAY_START, SUM(USERS) FROM OA_REALM_LAST_ACTIVE_DAY GROUP BY REALM_ID, DAY_START"
                    + " HAVING SUM(USERS) <> 0"));
        }
    }

    /**
     * Upgrading a 0.9 database: changelog 0.10.0 copies each latest-activity row's account creation
     * time from Keycloak's users and counts the users by the day of the earlier of the two quarter
     * hours; the writer then moves a user first active before their creation on to their creation's day.
     */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void newActiveDaysAreCountedFromTheStoredUsersAndTheirCreation(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "META-INF/org-analytics-changelog-0.9.xml")) {
            long day = at("2026-10-30T00:00:00Z");
            long hour = 3_600_000L;
            long next = day + TimeBuckets.DAY_MILLIS;
            try (Connection c = db.connect()) {
                // u0: created the day before its activity; u1: active (by the times posted) a day before its
                // creation; u2: created without a time; u3: a user of realm-b created on the day.
                c.createStatement().executeUpdate("INSERT INTO USER_ENTITY (ID, USERNAME, ENABLED, CREATED_TIMESTAMP, REALM_ID)"
                        + " VALUES ('u0', 'u0', TRUE, " + (day - 20 * hour) + ", 'realm-a'), ('u1', 'u1', TRUE, "
                        + (next + 7 * 60_000L) + ", 'realm-a'), ('u2', 'u2', TRUE, NULL, 'realm-a'), ('u3', 'u3', TRUE, "
                        + (day + 60_000L) + ", 'realm-b')");
                long[] buckets = {day + 15 * 60_000L, day + 2 * hour, day + 5 * hour, day + 3 * hour};
                for (int i = 0; i < buckets.length; i++) {
                    c.createStatement().executeUpdate("INSERT INTO OA_USER_LAST_ACTIVE (REALM_ID, USER_ID, BUCKET_START) VALUES ("
                            + (i < 3 ? "'realm-a'" : "'realm-b'") + ", 'u" + i + "', " + buckets[i] + ")");
                }
            }

            db.migrate(TestDatabase.CHANGELOG);

            assertEquals(Map.of("u0|" + (day - 20 * hour), 1L, "u1|" + (next + 7 * 60_000L), 1L, "u2|0", 1L,
                    "u3|" + (day + 60_000L), 1L), rows(db, "SELECT USER_ID, COALESCE(CREATED_AT, 0), COUNT(*) FROM OA_USER_LAST_ACTIVE"
                    + " GROUP BY USER_ID, COALESCE(CREATED_AT, 0)"));
            String newDays = "SELECT REALM_ID, DAY_START, SUM(USERS) FROM OA_REALM_NEW_ACTIVE_DAY GROUP BY REALM_ID, DAY_START"
                    + " HAVING SUM(USERS) <> 0";
            // u0 on its creation's day (the day before), u1 on its activity's, u2 on none.
            assertEquals(Map.of("realm-a|" + (day - TimeBuckets.DAY_MILLIS), 1L, "realm-a|" + day, 1L, "realm-b|" + day, 1L),
                    rows(db, newDays));
            // u1 is active two days later: counted on its creation's day from now on.
            db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(List.of(new LoginRow("e1", "realm-a", "u1", "web",
                    "LOGIN", true, null, null, next + TimeBuckets.DAY_MILLIS, List.of()))));
            assertEquals(Map.of("realm-a|" + (day - TimeBuckets.DAY_MILLIS), 1L, "realm-a|" + next, 1L, "realm-b|" + day, 1L),
                    rows(db, newDays));
        }
    }

    /**
     * Upgrading a 0.10 database: actions stored before 0.11 keep their organizations as rows of
     * {@code OA_ACTION_ORG}, actions stored after it carry a sole organization in their own row; the
     * organization filter of the actions report finds both, each once.
     */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void actionsOfAnOrganizationAreFoundWhereverTheirVersionStoredThem(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "META-INF/org-analytics-changelog-0.10.xml")) {
            long t = at("2026-11-03T09:00:00Z");
            try (Connection c = db.connect()) {
                insertAction(c, "old-one", "realm-a", "u1", "job_posted", t, List.of("acme"));
                insertAction(c, "old-two", "realm-a", "u1", "job_posted", t + 1, List.of("acme", "globex"));
                insertAction(c, "old-none", "realm-a", "u2", "job_posted", t + 2, List.of());
                insertAction(c, "old-other", "realm-b", "u3", "job_posted", t + 3, List.of("acme"));
            }

            db.migrate(TestDatabase.CHANGELOG);
            try (Connection c = db.connect()) {
                // Each database's own changeset created the filter's index (a partial one on PostgreSQL).
                assertEquals(List.of("REALM_ID", "ORG_ID", "OCCURRED_AT"), indexColumns(c, "IDX_OA_ACTION_REALM_ORG_TIME"));
            }
            db.inTransaction(c -> new AnalyticsWriter(c).writeActions(List.of(
                    new ActionRow("new-one", "realm-a", "u1", "web", "job_posted", null, t + 4, t + 4, null, null, null, null,
                            null, List.of("acme")),
                    new ActionRow("new-two", "realm-a", "u2", "web", "job_posted", null, t + 5, t + 5, null, null, null, null,
                            null, List.of("globex", "acme")),
                    new ActionRow("new-none", "realm-a", "u2", "web", "job_posted", null, t + 6, t + 6, null, null, null, null,
                            null, List.of()),
                    new ActionRow("new-late", "realm-a", "u1", "web", "job_posted", null, t + 86_400_000L, t, null, null, null,
                            null, null, List.of("acme")))));

            // Where the writer put them: a sole organization in the row, several as attribution rows.
            assertEquals(Map.of("new-one|acme", 1L), rows(db, "SELECT ID, ORG_ID, COUNT(*) FROM OA_ACTION"
                    + " WHERE ORG_ID IS NOT NULL AND ID <> 'new-late' GROUP BY ID, ORG_ID"));
            assertEquals(Map.of("new-two|acme", 1L, "new-two|globex", 1L), rows(db, "SELECT ACTION_ID, ORG_ID, COUNT(*)"
                    + " FROM OA_ACTION_ORG WHERE ACTION_ID LIKE 'new-%' GROUP BY ACTION_ID, ORG_ID"));
            ReportRange day = ReportRange.ofDays(LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 3), ZoneOffset.UTC);
            try (Connection c = db.connect()) {
                Jdbc jdbc = new Jdbc(c);
                assertEquals(List.of("new-two", "new-one", "old-two", "old-one"), actionIds(jdbc, "realm-a", "acme", day));
                assertEquals(List.of("new-two", "old-two"), actionIds(jdbc, "realm-a", "globex", day));
                assertEquals(List.of("old-other"), actionIds(jdbc, "realm-b", "acme", day));
                assertEquals(4, ActionsReport.count(jdbc, UserFilter.realm("realm-a"), day, organization("acme")));
            }
        }
    }

    /** The columns of the index of {@code OA_ACTION} named {@code index}, in order; empty when there is none. */
    private static List<String> indexColumns(Connection c, String index) throws Exception {
        Map<Integer, String> columns = new TreeMap<>();
        for (String table : List.of("OA_ACTION", "oa_action")) {
            try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
                while (rs.next()) {
                    if (index.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                        columns.put((int) rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME").toUpperCase(java.util.Locale.ROOT));
                    }
                }
            }
        }
        return List.copyOf(columns.values());
    }

    private static List<String> actionIds(Jdbc jdbc, String realm, String organizationId, ReportRange range) throws Exception {
        List<String> ids = new ArrayList<>();
        ActionsReport.list(jdbc, UserFilter.realm(realm), range, organization(organizationId), 0, null, e -> ids.add(e.id()));
        return ids;
    }

    private static ActionsReport.Filter organization(String organizationId) {
        return new ActionsReport.Filter(null, null, null, null, null, organizationId);
    }

    /** A login event as 0.6 stored it, with its attribution rows. */
    private static void insertLogin(Connection c, String id, String realm, String user, String type, boolean success, long time,
                                    List<String> orgs) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO OA_LOGIN_EVENT (ID, REALM_ID, USER_ID, EVENT_TYPE, SUCCESS,"
                + " EVENT_TIME) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, realm);
            ps.setString(3, user);
            ps.setString(4, type);
            ps.setBoolean(5, success);
            ps.setLong(6, time);
            ps.executeUpdate();
        }
        insertAttribution(c, "OA_LOGIN_EVENT_ORG", "EVENT_ID", "EVENT_TIME", id, realm, user, time, orgs);
    }

    /** An action as 0.6 stored it, with its attribution rows. */
    private static void insertAction(Connection c, String id, String realm, String user, String action, long time, List<String> orgs)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO OA_ACTION (ID, REALM_ID, USER_ID, ACTION, OCCURRED_AT,"
                + " RECEIVED_AT) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, realm);
            ps.setString(3, user);
            ps.setString(4, action);
            ps.setLong(5, time);
            ps.setLong(6, time);
            ps.executeUpdate();
        }
        insertAttribution(c, "OA_ACTION_ORG", "ACTION_ID", "OCCURRED_AT", id, realm, user, time, orgs);
    }

    private static void insertAttribution(Connection c, String table, String idColumn, String timeColumn, String id, String realm,
                                          String user, long time, List<String> orgs) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + idColumn + ", ORG_ID, REALM_ID, USER_ID, "
                + timeColumn + ") VALUES (?, ?, ?, ?, ?)")) {
            for (String org : orgs) {
                ps.setString(1, id);
                ps.setString(2, org);
                ps.setString(3, realm);
                ps.setString(4, user);
                ps.setLong(5, time);
                ps.executeUpdate();
            }
        }
    }

    /** What 0.2's writer stored: the quarter-hour tables and the all-time totals. */
    private static void insertQuarterHours(Connection c, Rollup rollup) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO OA_USER_ACTIVITY (REALM_ID, USER_ID, BUCKET_START,"
                + " LOGINS, FAILED_LOGINS, ACTIONS) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (var e : rollup.activity().entrySet()) {
                ps.setString(1, e.getKey().realmId());
                ps.setString(2, e.getKey().userId());
                ps.setLong(3, e.getKey().bucketStart());
                ps.setLong(4, e.getValue().logins());
                ps.setLong(5, e.getValue().failedLogins());
                ps.setLong(6, e.getValue().actions());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO OA_USER_TOTALS (REALM_ID, USER_ID, LOGINS, FAILED_LOGINS,"
                + " ACTIONS, LAST_ACTIVE_AT) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (var e : rollup.totals().entrySet()) {
                ps.setString(1, e.getKey().realmId());
                ps.setString(2, e.getKey().userId());
                ps.setLong(3, e.getValue().logins());
                ps.setLong(4, e.getValue().failedLogins());
                ps.setLong(5, e.getValue().actions());
                ps.setObject(6, e.getValue().lastActiveAt());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO OA_USER_ACTION_COUNT (REALM_ID, USER_ID, BUCKET_START,"
                + " ACTION, ACTION_COUNT) VALUES (?, ?, ?, ?, ?)")) {
            for (var e : rollup.actionCounts().entrySet()) {
                ps.setString(1, e.getKey().activity().realmId());
                ps.setString(2, e.getKey().activity().userId());
                ps.setLong(3, e.getKey().activity().bucketStart());
                ps.setString(4, e.getKey().action());
                ps.setLong(5, e.getValue());
                ps.executeUpdate();
            }
        }
    }

    /** The rows of {@code sql}: every column but the last joined with '|' as the key, the last as the value. */
    private static Map<String, Long> rows(TestDatabase db, String sql) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder key = new StringBuilder();
                for (int i = 1; i < n; i++) {
                    key.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.put(key.toString(), rs.getLong(n));
            }
        }
        return out;
    }

    private static long at(String instant) {
        return java.time.Instant.parse(instant).toEpochMilli();
    }
}
