package dev.orgalytics.stats;

import static dev.orgalytics.stats.ReportFixture.ACME;
import static dev.orgalytics.stats.ReportFixture.EMEA;
import static dev.orgalytics.stats.ReportFixture.GLOBEX;
import static dev.orgalytics.stats.ReportFixture.RECRUITER;
import static dev.orgalytics.stats.ReportFixture.SALES;
import static dev.orgalytics.stats.ReportFixture.ms;
import static dev.orgalytics.stats.ReportFixture.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

import dev.orgalytics.stats.OrganizationsReport.OrganizationSort;
import dev.orgalytics.stats.UsersReport.UserRow;
import dev.orgalytics.stats.UsersReport.UserSort;
import dev.orgalytics.store.TestDatabase;

/**
 * Every report's SQL on H2, PostgreSQL and MariaDB, without Keycloak: the extension's schema from
 * its changelog, Keycloak's tables as 26.5.6 has them, {@link ReportFixture}'s organisation written
 * by the production writer, and each report's answers checked exactly. One database per engine
 * serves every test (they only read).
 */
@ParameterizedClass(name = "{0}")
@FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
class ReportsDatabaseTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Long after every range below: active users are counted over the roll-ups. */
    private static final Instant LATER = t("2026-12-15T12:00:00Z");
    private static final ReportRange NOV_1_12 = ReportRange.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 12), UTC);

    private static TestDatabase database;
    /** Per engine: the usage cache is static and keyed by realm, so no engine answers from another's entries. */
    private static String realm;

    @Parameter
    String kind;

    private Connection connection;
    private Jdbc db;

    @BeforeParameterizedClassInvocation
    static void createDatabase(String kind) throws Exception {
        database = TestDatabase.create(kind);
        realm = "acme-" + kind;
        ReportFixture.seed(database, realm);
        ReportFixture.seedLoginBreakdown(database, breakdownRealm());
    }

    @AfterParameterizedClassInvocation
    static void dropDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void connect() throws Exception {
        connection = database.connect();
        db = new Jdbc(connection);
    }

    @AfterEach
    void disconnect() throws Exception {
        connection.close();
    }

    /** PostgreSQL's settings for a report hold inside its transaction only; other engines are left alone. */
    @Test
    void reportSettingsEndWithTheTransaction() throws Exception {
        List<String> before = kind.equals("postgres") ? settings() : null;
        connection.setAutoCommit(false);
        db.tuneForReports();
        if (kind.equals("postgres")) {
            assertEquals(List.of("off", "64MB", "0"), settings());
            connection.rollback();
            assertEquals(before, settings(), "the server's own settings again after the transaction");
        }
        connection.rollback();
        connection.setAutoCommit(true);
    }

    /** The users' sums by id are planned for their ids on PostgreSQL, and the transaction's setting is back after them. */
    @Test
    void statementsPlannedForTheirValuesLeaveTheSettingAsItWas() throws Exception {
        connection.setAutoCommit(false);
        db.tuneForReports();
        List<String> during = new ArrayList<>();
        boolean postgres = kind.equals("postgres");
        db.forEachPlannedForItsValues(Sql.of(postgres ? "SHOW plan_cache_mode" : "SELECT 'other'"), rs -> during.add(rs.getString(1)));
        assertEquals(List.of(postgres ? "force_custom_plan" : "other"), during);
        if (postgres) {
            List<String> after = new ArrayList<>();
            db.forEach(Sql.of("SHOW plan_cache_mode"), rs -> after.add(rs.getString(1)));
            assertEquals(List.of("auto"), after);
        }
        connection.rollback();
        connection.setAutoCommit(true);
    }

    private List<String> settings() throws Exception {
        List<String> out = new ArrayList<>();
        for (String name : List.of("jit", "work_mem", "max_parallel_workers_per_gather")) {
            db.forEach(Sql.of("SHOW " + name), rs -> out.add(rs.getString(1)));
        }
        return out;
    }

    // ---------------------------------------------------------------- summary

    @Test
    void summaryOfTheWholeRealm() throws Exception {
        // Past windows: distinct users over the roll-up pieces.
        assertEquals(new SummaryReport.Summary(5, 4, 3, 3, 1, 2, 4, 4, 1, 7, Map.of("job_applied", 2L, "job_viewed", 5L),
                List.of("job_applied", "job_viewed")), summary(UserFilter.realm(realm), NOV_1_12, LATER));
        // Windows reaching the present: each user's latest active quarter hour; the same people.
        assertEquals(new SummaryReport.Summary(5, 4, 3, 3, 1, 2, 4, 4, 1, 7, Map.of("job_applied", 2L, "job_viewed", 5L),
                List.of("job_applied", "job_viewed")), summary(UserFilter.realm(realm), NOV_1_12, t("2026-11-12T23:50:00Z")));
    }

    /** November 1 to 25 is read as the month less its last five days: the subtracted pieces must cancel. */
    @Test
    void summaryReadThroughAMonthLessItsOutsideDays() throws Exception {
        ReportRange range = ReportRange.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 25), UTC);
        assertEquals(new SummaryReport.Summary(5, 4, 3, 3, 0, 0, 3, 4, 1, 7, Map.of("job_applied", 2L, "job_viewed", 5L),
                List.of("job_applied", "job_viewed")), summary(UserFilter.realm(realm), range, LATER));
    }

    @Test
    void summaryOfAGroupWithItsSubgroups() throws Exception {
        assertEquals(new SummaryReport.Summary(2, 2, 1, 2, 1, 1, 2, 3, 1, 5, Map.of("job_applied", 1L, "job_viewed", 4L),
                List.of("job_applied", "job_viewed")), summary(sales(), NOV_1_12, LATER));
    }

    private SummaryReport.Summary summary(UserFilter users, ReportRange range, Instant now) throws Exception {
        return SummaryReport.run(db, users, range, now, counts -> counts.keySet().stream().sorted().toList());
    }

    // ---------------------------------------------------------------- users

    private static final UserRow ALICE = new UserRow("u-alice", "alice", "Alice", "Archer", "alice@acme.test", true,
            ms("2026-10-05T10:00:00Z"), List.of("/Sales/EMEA"), List.of("recruiter"), 2, 1, ms("2026-11-12T23:30:00Z"), 3,
            ms("2026-11-12T23:40:00Z"));
    private static final UserRow BOB = new UserRow("u-bob", "bob", "Bob", "Baker", "bob@acme.test", true,
            ms("2026-11-02T09:00:00Z"), List.of("/Sales"), List.of(), 1, 0, ms("2026-11-05T07:00:00Z"), 2,
            ms("2026-11-05T12:00:00Z"));
    /** In an organisation's group, which the report does not list; disabled; no last name or email. */
    private static final UserRow CAROL = new UserRow("u-carol", "carol", "Carol", null, null, false,
            ms("2026-11-10T23:30:00Z"), List.of(), List.of("recruiter"), 1, 0, ms("2026-11-07T10:00:00Z"), 2,
            ms("2026-11-07T10:10:00Z"));
    /** Active in October only. */
    private static final UserRow DAVE = new UserRow("u-dave", "dave", null, null, null, true, ms("2026-09-01T08:00:00Z"),
            List.of(), List.of(), 0, 0, ms("2026-10-16T09:00:00Z"), 0, null);
    /** Never logged in. */
    private static final UserRow ERIN = new UserRow("u-erin", "erin", "Erin", null, "erin@acme.test", true,
            ms("2026-11-11T12:00:00Z"), List.of(), List.of(), 0, 0, null, 0, null);

    @Test
    void everyPersonOfTheRealmWithTheRangesCountersGroupsAndRoles() throws Exception {
        assertEquals(List.of(ALICE, BOB, CAROL, DAVE, ERIN), users(UserFilter.realm(realm), UserSort.USERNAME, false, 0, 100));
        assertEquals(List.of(ALICE, BOB, CAROL, DAVE, ERIN), users(UserFilter.realm(realm), UserSort.USERNAME, false, 0, null),
                "an export streams every row");
        assertEquals(5, UsersReport.count(db, UserFilter.realm(realm)));
    }

    @Test
    void usersByActionsPagedThroughTheTopUsersAndPastThem() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        assertEquals(List.of(ALICE, BOB), users(all, UserSort.ACTIONS, true, 0, 2));
        // Bob and Carol tie at 2: by username.
        assertEquals(List.of(BOB, CAROL), users(all, UserSort.ACTIONS, true, 1, 2));
        // Past the users with actions: the full sort, nobody left out.
        assertEquals(List.of(DAVE, ERIN), users(all, UserSort.ACTIONS, true, 3, 2));
        assertEquals(List.of(ALICE), users(all, UserSort.LOGINS, true, 0, 1));
        assertEquals(List.of(DAVE, ERIN, BOB, CAROL, ALICE), users(all, UserSort.ACTIONS, false, 0, 5));
    }

    @Test
    void usersByLastLoginNeverFirst() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        assertEquals(List.of(ERIN, DAVE, BOB, CAROL, ALICE), users(all, UserSort.LASTLOGINAT, false, 0, 10));
        assertEquals(List.of(DAVE, BOB), users(all, UserSort.LASTLOGINAT, false, 1, 2));
        assertEquals(List.of(ALICE, CAROL, BOB, DAVE, ERIN), users(all, UserSort.LASTLOGINAT, true, 0, 10));
    }

    @Test
    void usersByLastLoginNewestFirstThroughThePageOfCandidates() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        assertEquals(List.of(ALICE, CAROL), users(all, UserSort.LASTLOGINAT, true, 0, 2));
        assertEquals(List.of(CAROL, BOB, DAVE), users(all, UserSort.LASTLOGINAT, true, 1, 3));
        assertEquals(List.of(ALICE), users(sales(), UserSort.LASTLOGINAT, true, 0, 1), "newest login of a group");
    }

    /** Every page of a descending sort served from candidates equals the same rows of the full (export) order. */
    @Test
    void pagesOfCandidatesEqualTheFullOrder() throws Exception {
        for (UserFilter filter : List.of(UserFilter.realm(realm), sales(), new UserFilter(realm, null, RECRUITER, null, null),
                new UserFilter(realm, null, null, null, null, ACME))) {
            for (UserSort sort : List.of(UserSort.ACTIONS, UserSort.LOGINS, UserSort.LASTLOGINAT, UserSort.LASTACTIONAT)) {
                List<UserRow> full = users(filter, sort, true, 0, null);
                for (int first = 0; first <= full.size(); first++) {
                    for (int max = 1; max <= 3; max++) {
                        assertEquals(full.subList(first, Math.min(full.size(), first + max)), users(filter, sort, true, first, max),
                                sort + " first=" + first + " max=" + max + " of " + filter);
                    }
                }
            }
        }
    }

    /** An export of a few columns reads neither the range's sums nor groups and roles, and agrees with the full one. */
    @Test
    void anExportOfSomeColumnsAgreesWithTheFullExport() throws Exception {
        List<Column<UserRow>> picked = UsersReport.COLUMNS.stream()
                .filter(c -> List.of("id", "username", "lastLoginAt").contains(c.name())).toList();
        List<UserRow> rows = new ArrayList<>();
        UsersReport.list(db, UserFilter.realm(realm), NOV_1_12, UserSort.LASTLOGINAT, true, 0, null, picked, rows::add);
        List<UserRow> full = users(UserFilter.realm(realm), UserSort.LASTLOGINAT, true, 0, null);
        assertEquals(full.stream().map(r -> r.id() + " " + r.username() + " " + r.lastLoginAt()).toList(),
                rows.stream().map(r -> r.id() + " " + r.username() + " " + r.lastLoginAt()).toList());
        assertEquals(0, rows.stream().mapToLong(r -> r.actions() + r.logins()).sum(), "counters not read");
        assertEquals(List.of(), rows.stream().flatMap(r -> r.groups().stream()).toList(), "groups not read");
    }

    @Test
    void usersFilteredByGroupRoleAndSearch() throws Exception {
        assertEquals(List.of(ALICE, BOB), users(sales(), UserSort.USERNAME, false, 0, 10));
        assertEquals(List.of(ALICE), users(sales(), UserSort.ACTIONS, true, 0, 1), "top users of a group");
        assertEquals(2, UsersReport.count(db, sales()));
        UserFilter recruiters = new UserFilter(realm, null, RECRUITER, null, null);
        assertEquals(List.of(ALICE, CAROL), users(recruiters, UserSort.USERNAME, false, 0, 10));
        assertEquals(List.of(ALICE), users(recruiters, UserSort.LOGINS, true, 0, 1), "top users with a role");
        // Case-insensitive, in username, names and email: Archer, carol.
        UserFilter ar = new UserFilter(realm, null, null, " AR ", null);
        assertEquals(List.of(ALICE, CAROL), users(ar, UserSort.USERNAME, false, 0, 10));
        assertEquals(2, UsersReport.count(db, ar));
        // LIKE's wildcards are plain characters in a search: "_" is in nobody's name.
        assertEquals(List.of(), users(new UserFilter(realm, null, null, "_", null), UserSort.USERNAME, false, 0, 10));
    }

    @Test
    void oneUsersDaysInTheReportZone() throws Exception {
        // Alice's login at 23:30 UTC on the 12th is on the 13th in Berlin.
        ReportRange range = ReportRange.ofDays(LocalDate.of(2026, 11, 12), LocalDate.of(2026, 11, 13), BERLIN);
        UsersReport.Detail detail = UsersReport.detail(db, UserFilter.realm(realm).onlyUser("u-alice"), range);
        assertEquals(new UserRow("u-alice", "alice", "Alice", "Archer", "alice@acme.test", true, ms("2026-10-05T10:00:00Z"),
                List.of("/Sales/EMEA"), List.of("recruiter"), 1, 0, ms("2026-11-12T23:30:00Z"), 1, ms("2026-11-12T23:40:00Z")),
                detail.user());
        assertEquals(Map.of("job_viewed", 1L), detail.actionsByType());
        assertEquals(List.of(new UsersReport.Day(LocalDate.of(2026, 11, 12), 0, 0, 0),
                new UsersReport.Day(LocalDate.of(2026, 11, 13), 1, 0, 1)), detail.daily());
    }

    private List<UserRow> users(UserFilter users, UserSort sort, boolean descending, int first, Integer max) throws Exception {
        List<UserRow> out = new ArrayList<>();
        UsersReport.list(db, users, NOV_1_12, sort, descending, first, max, out::add);
        return out;
    }

    // ---------------------------------------------------------------- usage

    @Test
    void usageByDayCutInBerlin() throws Exception {
        ReportRange range = ReportRange.ofDays(LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 13), BERLIN);
        // No period is closed yet: every bucket is computed.
        List<UsageReport.Bucket> buckets = UsageReport.run(db, UserFilter.realm(realm), range, Interval.DAY,
                t("2026-11-14T12:00:00Z"), Duration.ofDays(30));
        List<String> expected = List.of(
                "2026-11-03 active 1 logins 1 failed 1 new 0 actions 1 {job_viewed=1}",
                "2026-11-04 active 1 logins 0 failed 0 new 0 actions 1 {job_applied=1}",
                "2026-11-05 active 1 logins 1 failed 0 new 0 actions 2 {job_viewed=2}",
                "2026-11-06 active 0 logins 0 failed 0 new 0 actions 0 {}",
                "2026-11-07 active 1 logins 1 failed 0 new 0 actions 2 {job_applied=1, job_viewed=1}",
                "2026-11-08 active 0 logins 0 failed 0 new 0 actions 0 {}",
                "2026-11-09 active 0 logins 0 failed 0 new 0 actions 0 {}",
                "2026-11-10 active 0 logins 0 failed 0 new 0 actions 0 {}",
                // Carol, created at 23:30 UTC on the 10th, and Erin.
                "2026-11-11 active 0 logins 0 failed 0 new 2 actions 0 {}",
                "2026-11-12 active 0 logins 0 failed 0 new 0 actions 0 {}",
                "2026-11-13 active 1 logins 1 failed 0 new 0 actions 1 {job_viewed=1}");
        assertEquals(expected, describe(buckets, BERLIN));
        assertEquals(t("2026-11-02T23:00:00Z"), buckets.get(0).period().start());
        assertEquals(t("2026-11-13T23:00:00Z"), buckets.get(10).period().end());
    }

    @Test
    void usageOfAGroupByDay() throws Exception {
        ReportRange range = ReportRange.ofDays(LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 7), BERLIN);
        List<UsageReport.Bucket> buckets = UsageReport.run(db, sales(), range, Interval.DAY, t("2026-11-14T12:00:00Z"),
                Duration.ofDays(30));
        assertEquals(List.of(
                "2026-11-03 active 1 logins 1 failed 1 new 0 actions 1 {job_viewed=1}",
                "2026-11-04 active 1 logins 0 failed 0 new 0 actions 1 {job_applied=1}",
                "2026-11-05 active 1 logins 1 failed 0 new 0 actions 2 {job_viewed=2}",
                "2026-11-06 active 0 logins 0 failed 0 new 0 actions 0 {}",
                "2026-11-07 active 0 logins 0 failed 0 new 0 actions 0 {}"), describe(buckets, BERLIN));
    }

    /** Months in Berlin across the end of summer time; closed months are cached and answered again the same. */
    @Test
    void usageByMonthInBerlinComputedThenCached() throws Exception {
        ReportRange range = ReportRange.ofDays(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30), BERLIN);
        List<String> expected = List.of(
                "2026-10-01 active 2 logins 1 failed 0 new 1 actions 1 {job_viewed=1}",
                // Bob's action at 23:30 UTC on October 31 is in November in Berlin.
                "2026-11-01 active 3 logins 4 failed 1 new 3 actions 8 {job_applied=2, job_viewed=6}");
        Instant now = t("2027-03-01T00:00:00Z");
        assertEquals(expected, describe(UsageReport.run(db, UserFilter.realm(realm), range, Interval.MONTH, now,
                Duration.ofDays(8)), BERLIN));
        assertEquals(expected, describe(UsageReport.run(db, UserFilter.realm(realm), range, Interval.MONTH, now,
                Duration.ofDays(8)), BERLIN));
    }

    private static List<String> describe(List<UsageReport.Bucket> buckets, ZoneId zone) {
        return buckets.stream().map(b -> LocalDate.ofInstant(b.period().start(), zone) + " active " + b.activeUsers()
                + " logins " + b.logins() + " failed " + b.failedLogins() + " new " + b.newUsers() + " actions " + b.actions()
                + " " + b.actionsByType()).toList();
    }

    // ---------------------------------------------------------------- leaderboard

    @Test
    void leaderboardOfACalendarMonth() throws Exception {
        Instant nov = t("2026-11-01T00:00:00Z"), dec = t("2026-12-01T00:00:00Z");
        UserFilter all = UserFilter.realm(realm);
        assertEquals(List.of(entry(1, "alice", 3), entry(2, "bob", 2), entry(2, "carol", 2)),
                LeaderboardReport.run(db, all, nov, dec, "actions", 10));
        assertEquals(List.of(entry(1, "alice", 2), entry(2, "bob", 1), entry(2, "carol", 1)),
                LeaderboardReport.run(db, all, nov, dec, "logins", 10));
        assertEquals(List.of(entry(1, "alice", 2), entry(1, "bob", 2), entry(3, "carol", 1)),
                LeaderboardReport.run(db, all, nov, dec, "job_viewed", 10));
        assertEquals(List.of(entry(1, "alice", 3)), LeaderboardReport.run(db, all, nov, dec, "actions", 1));
    }

    @Test
    void leaderboardOfACustomRange() throws Exception {
        Instant from = t("2026-11-04T00:00:00Z"), to = t("2026-11-08T00:00:00Z");
        assertEquals(List.of(entry(1, "bob", 2), entry(1, "carol", 2), entry(3, "alice", 1)),
                LeaderboardReport.run(db, UserFilter.realm(realm), from, to, "actions", 10));
        assertEquals(List.of(entry(1, "bob", 2), entry(2, "alice", 1)), LeaderboardReport.run(db, sales(), from, to, "actions", 10));
        assertEquals(List.of(entry(1, "alice", 1), entry(1, "carol", 1)),
                LeaderboardReport.run(db, UserFilter.realm(realm), from, to, "job_applied", 10));
    }

    private static LeaderboardReport.Entry entry(int rank, String username, long score) {
        UserRow u = List.of(ALICE, BOB, CAROL).stream().filter(r -> r.username().equals(username)).findFirst().orElseThrow();
        return new LeaderboardReport.Entry(rank, u.id(), u.username(), u.firstName(), u.lastName(), u.email(), score);
    }

    // ---------------------------------------------------------------- actions and logins

    @Test
    void actionsNewestFirstWithTheirFilters() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        ActionsReport.Filter none = new ActionsReport.Filter(null, null, null, null, null, null);
        assertEquals(List.of("a4", "c2", "c1", "b3", "b2", "a3", "a2"), actionIds(all, none, 0, null));
        assertEquals(7, ActionsReport.count(db, all, NOV_1_12, none));
        assertEquals(List.of("a4", "c2"), actionIds(all, none, 0, 2));
        assertEquals(List.of("a3", "a2"), actionIds(all, none, 5, 10));
        ActionsReport.Filter applied = new ActionsReport.Filter(null, null, "job_applied", null, null, null);
        assertEquals(List.of("c2", "a3"), actionIds(all, applied, 0, 10));
        assertEquals(2, ActionsReport.count(db, all, NOV_1_12, applied));
        assertEquals(List.of("b3", "b2"), actionIds(all, new ActionsReport.Filter("u-bob", null, null, null, null, null), 0, 10));
        assertEquals(List.of("c2"), actionIds(all, new ActionsReport.Filter(null, "mobile", null, null, null, null), 0, 10));
        assertEquals(List.of("a4", "b3", "b2", "a3", "a2"), actionIds(sales(), none, 0, 10));
        assertEquals(5, ActionsReport.count(db, sales(), NOV_1_12, none));

        List<ActionsReport.Entry> target = new ArrayList<>();
        ActionsReport.list(db, all, NOV_1_12, new ActionsReport.Filter(null, null, null, "job", "j-1", null), 0, 10, target::add);
        assertEquals(List.of(new ActionsReport.Entry("c1", ms("2026-11-07T10:05:00Z"), "job_viewed", "u-carol", "carol", null,
                "Carol", null, "web", "/jobs/1", "job", "j-1", "Engineer", "{\"source\":\"search\"}")), target);
    }

    private List<String> actionIds(UserFilter users, ActionsReport.Filter f, int first, Integer max) throws Exception {
        List<String> out = new ArrayList<>();
        ActionsReport.list(db, users, NOV_1_12, f, first, max, e -> out.add(e.id()));
        return out;
    }

    @Test
    void loginsNewestFirstWithTheirFilters() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        LoginsReport.Filter none = new LoginsReport.Filter(null, null, null, null);
        // Registrations and logouts are stored, not listed.
        assertEquals(List.of("11-12T23:30 u-alice", "11-08T10:00 null", "11-07T10:00 u-carol", "11-05T07:00 u-bob",
                "11-03T08:05 u-alice", "11-03T08:00 u-alice"), logins(all, none, 0, null));
        assertEquals(6, LoginsReport.count(db, all, NOV_1_12, none));
        LoginsReport.Filter failed = new LoginsReport.Filter(null, null, false, null);
        assertEquals(List.of("11-08T10:00 null", "11-03T08:05 u-alice"), logins(all, failed, 0, 10));
        assertEquals(2, LoginsReport.count(db, all, NOV_1_12, failed));
        assertEquals(List.of("11-12T23:30 u-alice", "11-03T08:05 u-alice", "11-03T08:00 u-alice"),
                logins(all, new LoginsReport.Filter("u-alice", null, null, null), 0, 10));
        assertEquals(List.of("11-07T10:00 u-carol"), logins(all, new LoginsReport.Filter(null, "mobile", true, null), 0, 10));
        assertEquals(List.of("11-05T07:00 u-bob", "11-03T08:05 u-alice"), logins(sales(), none, 1, 2));
        assertEquals(4, LoginsReport.count(db, sales(), NOV_1_12, none));

        List<LoginsReport.Entry> unknown = new ArrayList<>();
        LoginsReport.list(db, all, NOV_1_12, failed, 0, 1, unknown::add);
        assertEquals(List.of(new LoginsReport.Entry(ms("2026-11-08T10:00:00Z"), null, null, "web", false, "user_not_found",
                "10.0.0.9")), unknown);
    }

    // ---------------------------------------------------------------- logins broken down, session activity

    private static String breakdownRealm() {
        return realm + "-logins";
    }

    @Test
    void loginsByClientWithTheRestSummedPastTheTop() throws Exception {
        UserFilter all = UserFilter.realm(breakdownRealm());
        List<String> expected = new ArrayList<>(List.of("web 3 2 2", "mobile 1 1 1"));
        for (int i = 1; i <= 8; i++) {
            expected.add(String.format("c%02d 1 0 1", i));
        }
        // c09, c10 and c11: three logins of two people (u4 on two of them, u5).
        expected.add("other 3 0 2");
        assertEquals(expected, breakdown(all, LoginBreakdownReport.Dimension.CLIENT, null));
        assertEquals(List.of("mobile 1 1 1"), breakdown(all, LoginBreakdownReport.Dimension.CLIENT, "o-x"));
        assertEquals(List.of(), breakdown(UserFilter.realm(realm + "-none"), LoginBreakdownReport.Dimension.CLIENT, null));
    }

    @Test
    void loginsByIdentityProviderAndFailuresByError() throws Exception {
        UserFilter all = UserFilter.realm(breakdownRealm());
        // Own credentials: u1 twice and the eleven logins of u4 and u5.
        assertEquals(List.of("null 13 0 3", "github 1 0 1", "google 1 0 1"),
                breakdown(all, LoginBreakdownReport.Dimension.IDENTITY_PROVIDER, null));
        // The unknown user's failure is in no user.
        assertEquals(List.of("invalid_user_credentials 0 2 2", "user_not_found 0 1 0"),
                breakdown(all, LoginBreakdownReport.Dimension.ERROR, null));
        assertEquals(List.of("invalid_user_credentials 0 1 1"), breakdown(all, LoginBreakdownReport.Dimension.ERROR, "o-x"));
    }

    /** u6 only refreshed a token: active on November 10 in the summary and the usage, with no login. */
    @Test
    void sessionActivityMakesAUserActiveWithoutALogin() throws Exception {
        UserFilter all = UserFilter.realm(breakdownRealm());
        ReportRange nov10 = ReportRange.ofDays(LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 10), UTC);
        SummaryReport.Summary s = summary(all, nov10, LATER);
        // u1, u2, u3, u4, u5 logged in; u6 refreshed.
        assertEquals(List.of(6L, 6L, 15L), List.of(s.activeUsers(), s.dau(), s.logins()));
        // Failed logins of users only: the unknown username's is in no roll-up.
        assertEquals(List.of("2026-11-10 active 6 logins 15 failed 2 new 0 actions 0 {}"),
                describe(UsageReport.run(db, all, nov10, Interval.DAY, LATER, Duration.ofDays(30)), UTC));
    }

    private List<String> breakdown(UserFilter users, LoginBreakdownReport.Dimension dimension, String organizationId)
            throws Exception {
        return LoginBreakdownReport.list(db, users, ReportRange.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 12), UTC),
                organizationId, dimension).stream()
                .map(r -> (r.other() ? "other" : r.value()) + " " + r.logins() + " " + r.failedLogins() + " " + r.users()).toList();
    }

    /** The organization filter keeps the events attributed to it when they happened, in this realm only. */
    @Test
    void actionsAndLoginsOfAnOrganization() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        ActionsReport.Filter acme = new ActionsReport.Filter(null, null, null, null, null, ACME);
        ActionsReport.Filter globex = new ActionsReport.Filter(null, null, null, null, null, GLOBEX);
        assertEquals(List.of("c1", "a2"), actionIds(all, acme, 0, null));
        assertEquals(2, ActionsReport.count(db, all, NOV_1_12, acme));
        assertEquals(List.of("b2", "a3", "a2"), actionIds(all, globex, 0, null));
        assertEquals(3, ActionsReport.count(db, all, NOV_1_12, globex));
        assertEquals(List.of("a3"), actionIds(all, globex, 1, 1));
        assertEquals(List.of("a3", "a2"), actionIds(sales(), new ActionsReport.Filter("u-alice", null, null, null, null, GLOBEX), 0, 10));
        assertEquals(List.of(), actionIds(all, new ActionsReport.Filter(null, null, null, null, null, "o-none"), 0, 10));

        LoginsReport.Filter acmeLogins = new LoginsReport.Filter(null, null, null, ACME);
        assertEquals(List.of("11-12T23:30 u-alice", "11-07T10:00 u-carol", "11-03T08:05 u-alice", "11-03T08:00 u-alice"),
                logins(all, acmeLogins, 0, null));
        assertEquals(4, LoginsReport.count(db, all, NOV_1_12, acmeLogins));
        assertEquals(List.of("11-05T07:00 u-bob", "11-03T08:05 u-alice", "11-03T08:00 u-alice"),
                logins(all, new LoginsReport.Filter(null, null, null, GLOBEX), 0, null));
        assertEquals(List.of("11-03T08:05 u-alice"), logins(all, new LoginsReport.Filter(null, null, false, ACME), 0, null));
        assertEquals(List.of("11-12T23:30 u-alice", "11-03T08:05 u-alice", "11-03T08:00 u-alice"), logins(sales(), acmeLogins, 0, null));
    }

    // ---------------------------------------------------------------- organizations

    @Test
    void organizationsWithTheirMembersAndAttributedActivity() throws Exception {
        OrganizationsReport.OrganizationRow acme = new OrganizationsReport.OrganizationRow(ACME, "acme", "Acme", 1, 2, 3, 1, 2,
                ms("2026-11-12T23:30:00Z"), 1);
        OrganizationsReport.OrganizationRow globex = new OrganizationsReport.OrganizationRow(GLOBEX, "globex", "Globex", 1, 2, 2, 1,
                3, ms("2026-11-05T07:10:00Z"), 0);
        OrganizationsReport.OrganizationRow initech = new OrganizationsReport.OrganizationRow("o-initech", "initech", "Initech",
                0, 0, 0, 0, 0, null, 0);
        assertEquals(List.of(acme, globex, initech), organizations(null, OrganizationSort.NAME, false, 0, null));
        // Carol joined Acme on November 10; Bob joined Globex before the range.
        assertEquals(List.of(acme, globex, initech), organizations(null, OrganizationSort.NEWMEMBERS, true, 0, null));
        assertEquals(3, OrganizationsReport.count(db, realm, OrganizationScope.ALL, null));
        assertEquals(List.of(globex, acme, initech), organizations(null, OrganizationSort.ACTIONS, true, 0, null));
        assertEquals(List.of(initech, globex, acme), organizations(null, OrganizationSort.LASTACTIVITYAT, false, 0, null));
        assertEquals(List.of(acme), organizations(null, OrganizationSort.LOGINS, true, 0, 1));
        assertEquals(List.of(globex), organizations(null, OrganizationSort.ALIAS, false, 1, 1));
        assertEquals(List.of(globex), organizations(" GLO", OrganizationSort.NAME, false, 0, null));
        assertEquals(1, OrganizationsReport.count(db, realm, OrganizationScope.ALL, "init"));
        assertEquals(List.of(), organizations("%", OrganizationSort.NAME, false, 0, null));
        // Only the first days: Alice's Nov 3 activity in both, Bob's Nov 5 not yet.
        ReportRange third = ReportRange.ofDays(LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 3), UTC);
        List<OrganizationsReport.OrganizationRow> rows = new ArrayList<>();
        OrganizationsReport.list(db, realm, third, OrganizationScope.ALL, null, OrganizationSort.NAME, false, 0, 2, rows::add);
        assertEquals(List.of(new OrganizationsReport.OrganizationRow(ACME, "acme", "Acme", 1, 1, 1, 1, 1, ms("2026-11-03T09:00:00Z"), 0),
                new OrganizationsReport.OrganizationRow(GLOBEX, "globex", "Globex", 1, 1, 1, 1, 1, ms("2026-11-03T09:00:00Z"), 0)), rows);
    }

    /** An admin limited to some organizations: their rows only, counted and paged among them; an empty scope lists nothing. */
    @Test
    void organizationsOfAScopeOnly() throws Exception {
        List<OrganizationsReport.OrganizationRow> all = organizations(null, OrganizationSort.NAME, false, 0, null);
        OrganizationScope acmeAndInitech = OrganizationScope.only(List.of(ACME, "o-initech"));
        assertEquals(List.of(all.get(0), all.get(2)), organizations(acmeAndInitech, null, OrganizationSort.NAME, false, 0, null));
        assertEquals(2, OrganizationsReport.count(db, realm, acmeAndInitech, null));
        assertEquals(List.of(all.get(2)), organizations(acmeAndInitech, null, OrganizationSort.NAME, false, 1, 1));
        assertEquals(List.of(all.get(2)), organizations(acmeAndInitech, "init", OrganizationSort.NAME, false, 0, null));
        assertEquals(List.of(), organizations(acmeAndInitech, "glo", OrganizationSort.NAME, false, 0, null));
        OrganizationScope none = OrganizationScope.only(List.of());
        assertEquals(List.of(), organizations(none, null, OrganizationSort.NAME, false, 0, null));
        assertEquals(0, OrganizationsReport.count(db, realm, none, null));
        // An id of no organization of the realm matches nothing.
        assertEquals(0, OrganizationsReport.count(db, realm, OrganizationScope.only(List.of("o-elsewhere")), null));
        // Ranked among the scope's organizations: Acme first although Globex has more actions.
        assertEquals(List.of("1 acme 2"), ranked(acmeAndInitech, "actions", 10));
        assertEquals(List.of("1 globex 3"), ranked(OrganizationScope.only(List.of(GLOBEX)), "actions", 10));
        assertEquals(List.of(), ranked(none, "actions", 10));
    }

    @Test
    void oneOrganizationWithItsActionsAndDays() throws Exception {
        OrganizationsReport.Detail acme = OrganizationsReport.detail(db, realm, ACME, NOV_1_12);
        assertEquals(organizations(null, OrganizationSort.NAME, false, 0, 1).get(0), acme.organization());
        assertEquals(Map.of("job_viewed", 2L), acme.actionsByType());
        assertEquals(12, acme.daily().size());
        assertEquals(List.of("2026-11-03 1/1/1", "2026-11-07 1/0/1", "2026-11-12 1/0/0"), activeDays(acme));
        // In Berlin, Alice's last login (Nov 12, 23:30 UTC) is on Nov 13, outside the range.
        ReportRange berlin = ReportRange.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 12), BERLIN);
        OrganizationsReport.Detail acmeInBerlin = OrganizationsReport.detail(db, realm, ACME, berlin);
        assertEquals(List.of("2026-11-03 1/1/1", "2026-11-07 1/0/1"), activeDays(acmeInBerlin));
        assertEquals(2, acmeInBerlin.organization().logins());
        assertEquals(ms("2026-11-07T10:05:00Z"), acmeInBerlin.organization().lastActivityAt());
        assertEquals(Map.of("job_applied", 1L, "job_viewed", 2L), OrganizationsReport.detail(db, realm, GLOBEX, NOV_1_12).actionsByType());
        assertEquals(List.of(), activeDays(OrganizationsReport.detail(db, realm, "o-initech", NOV_1_12)));
    }

    /**
     * The summary of an organization: its members now (Acme: Carol, disabled, created in the range)
     * and the activity attributed to it when it happened, read from its roll-ups; the same whether
     * the windows reach the present or not (an organization's actives are always counted over its rows).
     */
    @Test
    void summaryOfAnOrganizationCountsWhatWasAttributed() throws Exception {
        UserFilter acme = new UserFilter(realm, null, null, null, null, ACME);
        SummaryReport.Summary expected = new SummaryReport.Summary(1, 0, 1, 2, 1, 2, 2, 3, 1, 2, Map.of("job_viewed", 2L),
                List.of("job_viewed"));
        assertEquals(expected, summary(acme, NOV_1_12, LATER));
        assertEquals(expected, summary(acme, NOV_1_12, t("2026-11-12T23:50:00Z")));
        assertEquals(new SummaryReport.Summary(1, 1, 1, 2, 0, 0, 2, 2, 1, 3, Map.of("job_applied", 1L, "job_viewed", 2L),
                List.of("job_applied", "job_viewed")), summary(new UserFilter(realm, null, null, null, null, GLOBEX), NOV_1_12, LATER));
        // November 1 to 25: the month row less its last five days.
        ReportRange most = ReportRange.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 25), UTC);
        assertEquals(new SummaryReport.Summary(1, 0, 1, 2, 0, 0, 2, 3, 1, 2, Map.of("job_viewed", 2L), List.of("job_viewed")),
                summary(acme, most, LATER));
        assertEquals(new SummaryReport.Summary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of()),
                summary(new UserFilter(realm, null, null, null, null, "o-initech"), NOV_1_12, LATER));
    }

    @Test
    void usageOfAnOrganizationByDayAndMonth() throws Exception {
        UserFilter acme = new UserFilter(realm, null, null, null, null, ACME);
        ReportRange days = ReportRange.ofDays(LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 13), BERLIN);
        List<String> active = describe(UsageReport.run(db, acme, days, Interval.DAY, t("2026-11-14T12:00:00Z"), Duration.ofDays(30)),
                BERLIN).stream().filter(d -> !d.endsWith("active 0 logins 0 failed 0 new 0 actions 0 {}")).toList();
        assertEquals(List.of(
                "2026-11-03 active 1 logins 1 failed 1 new 0 actions 1 {job_viewed=1}",
                "2026-11-07 active 1 logins 1 failed 0 new 0 actions 1 {job_viewed=1}",
                // Carol, a member now, created on the 11th in Berlin.
                "2026-11-11 active 0 logins 0 failed 0 new 1 actions 0 {}",
                // Alice's last login was attributed to Acme; her action a minute later to none.
                "2026-11-13 active 1 logins 1 failed 0 new 0 actions 0 {}"), active);
        ReportRange months = ReportRange.ofDays(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30), BERLIN);
        assertEquals(List.of(
                "2026-10-01 active 1 logins 0 failed 0 new 0 actions 1 {job_viewed=1}",
                "2026-11-01 active 2 logins 3 failed 1 new 1 actions 2 {job_viewed=2}"),
                describe(UsageReport.run(db, acme, months, Interval.MONTH, t("2027-03-01T00:00:00Z"), Duration.ofDays(8)), BERLIN));
    }

    /** A user's detail with an organization filter: only a member now (Carol of Acme), with her whole activity. */
    @Test
    void oneUserOfAnOrganization() throws Exception {
        UserFilter acme = new UserFilter(realm, null, null, null, null, ACME);
        assertEquals("carol", UsersReport.detail(db, acme.onlyUser("u-carol"), NOV_1_12).user().username());
        assertEquals(Map.of("job_applied", 1L, "job_viewed", 1L), UsersReport.detail(db, acme.onlyUser("u-carol"), NOV_1_12).actionsByType());
        assertEquals(null, UsersReport.detail(db, acme.onlyUser("u-alice"), NOV_1_12));
    }

    /** On the people reports the organization filter keeps its members now (Acme: Carol; Globex: Bob). */
    @Test
    void peopleReportsOfAnOrganizationListItsMembers() throws Exception {
        UserFilter acme = new UserFilter(realm, null, null, null, null, ACME);
        UserFilter globex = new UserFilter(realm, null, null, null, null, GLOBEX);
        assertEquals(List.of("carol"), users(acme, UserSort.USERNAME, false, 0, null).stream().map(UserRow::username).toList());
        assertEquals(List.of("bob"), users(globex, UserSort.ACTIONS, true, 0, 10).stream().map(UserRow::username).toList());
        assertEquals(1, UsersReport.count(db, globex));
        assertEquals(List.of(), users(new UserFilter(realm, Set.of(SALES, EMEA), null, null, null, ACME), UserSort.USERNAME, false, 0, null));
        Instant nov = t("2026-11-01T00:00:00Z"), dec = t("2026-12-01T00:00:00Z");
        assertEquals(List.of(entry(1, "bob", 2)), LeaderboardReport.run(db, globex, nov, dec, "actions", 10));
        assertEquals(List.of(entry(1, "carol", 2)), LeaderboardReport.run(db, acme, t("2026-11-04T00:00:00Z"),
                t("2026-11-08T00:00:00Z"), "actions", 10));
        assertEquals(List.of("bob"), stalled(globex, NOV_1_12, 1, 0, 10).stream().map(u -> u.person().username()).toList());
        assertEquals(List.of(), stalled(acme, NOV_1_12, 1, 0, 10));
    }

    @Test
    void organizationLeaderboardRanksWhatWasAttributed() throws Exception {
        assertEquals(List.of("1 globex 3", "2 acme 2"), ranked("actions", 10));
        assertEquals(List.of("1 acme 3", "2 globex 2"), ranked("logins", 10));
        assertEquals(List.of("1 globex 1"), ranked("job_applied", 10));
        // A tie shares its rank; ties are listed by name.
        assertEquals(List.of("1 acme 2", "1 globex 2"), ranked("job_viewed", 10));
        assertEquals(List.of("1 acme 2"), ranked("job_viewed", 1));
        assertEquals(List.of(), ranked("nothing_done", 10));
        // November 1 to 25: the month row less its last five days (subtracted pieces carry no latest time).
        ReportRange most = ReportRange.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 25), UTC);
        assertEquals(List.of("1 globex 3", "2 acme 2"), OrganizationLeaderboard.run(db, realm, OrganizationScope.ALL, most, "actions", 10)
                .stream().map(e -> e.rank() + " " + e.alias() + " " + e.score()).toList());
    }

    private List<String> ranked(String metric, int limit) throws Exception {
        return ranked(OrganizationScope.ALL, metric, limit);
    }

    private List<String> ranked(OrganizationScope scope, String metric, int limit) throws Exception {
        return OrganizationLeaderboard.run(db, realm, scope, NOV_1_12, metric, limit).stream()
                .map(e -> e.rank() + " " + e.alias() + " " + e.score()).toList();
    }

    private static List<String> activeDays(OrganizationsReport.Detail detail) {
        return detail.daily().stream().filter(d -> d.logins() + d.failedLogins() + d.actions() > 0)
                .map(d -> d.date() + " " + d.logins() + "/" + d.failedLogins() + "/" + d.actions()).toList();
    }

    private List<OrganizationsReport.OrganizationRow> organizations(String search, OrganizationSort sort, boolean descending,
                                                                    int first, Integer max) throws Exception {
        return organizations(OrganizationScope.ALL, search, sort, descending, first, max);
    }

    private List<OrganizationsReport.OrganizationRow> organizations(OrganizationScope scope, String search, OrganizationSort sort,
                                                                    boolean descending, int first, Integer max) throws Exception {
        List<OrganizationsReport.OrganizationRow> out = new ArrayList<>();
        OrganizationsReport.list(db, realm, NOV_1_12, scope, search, sort, descending, first, max, out::add);
        return out;
    }

    private List<String> logins(UserFilter users, LoginsReport.Filter f, int first, Integer max) throws Exception {
        List<String> out = new ArrayList<>();
        LoginsReport.list(db, users, NOV_1_12, f, first, max,
                e -> out.add(Instant.ofEpochMilli(e.time()).toString().substring(5, 16) + " " + e.userId()));
        return out;
    }

    // ---------------------------------------------------------------- insights

    @Test
    void stalledUsersDidOneActionButNeverTheOther() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        assertEquals(List.of(new StalledReport.StalledUser(new Person("u-bob", "bob", "bob@acme.test", "Bob", "Baker"), 2,
                ms("2026-11-05T12:00:00Z"))), stalled(all, NOV_1_12, 1, 0, 10));
        assertEquals(List.of(), stalled(all, NOV_1_12, 3, 0, 10));
        // From the 5th, Alice's application (the 4th) is outside the range: she stalls too.
        ReportRange fromFifth = ReportRange.ofDays(LocalDate.of(2026, 11, 5), LocalDate.of(2026, 11, 12), UTC);
        StalledReport.StalledUser alice = new StalledReport.StalledUser(new Person("u-alice", "alice", "alice@acme.test", "Alice", "Archer"),
                1, ms("2026-11-12T23:40:00Z"));
        assertEquals(List.of(stalled(all, NOV_1_12, 1, 0, 10).get(0), alice), stalled(all, fromFifth, 1, 0, null));
        assertEquals(List.of(alice), stalled(sales(), fromFifth, 1, 1, 10));
    }

    /**
     * Dormant as of December 15: nobody was active in the 30 days before, so every user is dormant
     * for 30 days, Erin (never active) first, then by last activity. For 35 days Carol and Erin
     * are too new to count, Alice was active on the 12th; for 60 days only Dave (whose one login on
     * October 16 at 09:00 lies three hours before the cutoff) is both old enough and quiet.
     */
    @Test
    void dormantUsersOldestActivityFirst() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        List<DormantReport.DormantUser> thirty = dormant(all, LATER, 30, 0, null);
        assertEquals(List.of("erin", "dave", "bob", "carol", "alice"), names(thirty));
        assertEquals(new DormantReport.DormantUser(new UserRow("u-dave", "dave", null, null, null, true, ms("2026-09-01T08:00:00Z"),
                List.of(), List.of(), 0, 0, ms("2026-10-16T09:00:00Z"), 0, null), ms("2026-10-16T09:00:00Z")), thirty.get(1));
        DormantReport.DormantUser erin = thirty.get(0);
        assertEquals(null, erin.lastActiveAt());
        assertEquals(true, erin.neverLoggedIn());
        assertEquals(List.of(false, false, false, false), thirty.subList(1, 5).stream().map(DormantReport.DormantUser::neverLoggedIn).toList());
        // Groups by path; Carol's organization group is not a group of the report.
        assertEquals(List.of(List.of(), List.of(), List.of("/Sales"), List.of(), List.of("/Sales/EMEA")),
                thirty.stream().map(d -> d.user().groups()).toList());
        assertEquals(ms("2026-11-12T23:40:00Z"), thirty.get(4).lastActiveAt(), "Alice's action after her login");
        assertEquals(5, DormantReport.count(db, all, DormantReport.cutoff(LATER, 30)));
        assertEquals(List.of("dave", "bob"), names(dormant(all, LATER, 35, 0, null)));
        assertEquals(List.of("dave"), names(dormant(all, LATER, 60, 0, null)));
        assertEquals(List.of(), names(dormant(all, LATER, 90, 0, null)));
        // Paging, and the groups left unread.
        assertEquals(List.of("dave", "bob"), names(dormant(all, LATER, 30, 1, 2)));
        List<DormantReport.DormantUser> bare = new ArrayList<>();
        DormantReport.list(db, all, DormantReport.cutoff(LATER, 30), 0, null, false, bare::add);
        assertEquals(List.of(), bare.get(4).user().groups());
    }

    @Test
    void dormantUsersOfAGroupAnOrganizationAndASearch() throws Exception {
        assertEquals(List.of("bob", "alice"), names(dormant(sales(), LATER, 30, 0, null)));
        assertEquals(List.of("carol"), names(dormant(new UserFilter(realm, null, null, null, null, ACME), LATER, 30, 0, null)));
        assertEquals(List.of("bob"), names(dormant(new UserFilter(realm, null, null, null, null, GLOBEX), LATER, 30, 0, null)));
        assertEquals(List.of("erin"), names(dormant(new UserFilter(realm, null, null, "ERIN", null), LATER, 30, 0, null)));
        assertEquals(1, DormantReport.count(db, new UserFilter(realm, null, null, null, null, GLOBEX), DormantReport.cutoff(LATER, 30)));
    }

    /**
     * The summary's counts, from index ranges, against the list: "the last N days" starts at a
     * quarter hour, so Alice (last active Nov 12, 23:40) is dormant for 30 days from Dec 12, 23:45
     * on and not at 23:44. Also with a group and an organization.
     */
    @Test
    void dormantCountsOfTheSummaryEqualTheLists() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        assertEquals(new DormantReport.Counts(5, 1, 0, 1), DormantReport.counts(db, all, UsersReport.count(db, all), LATER));
        Instant before = t("2026-12-12T23:44:00Z"), after = t("2026-12-12T23:47:00Z");
        assertEquals(List.of("erin", "dave", "bob", "carol"), names(dormant(all, before, 30, 0, null)));
        assertEquals(List.of("erin", "dave", "bob", "carol", "alice"), names(dormant(all, after, 30, 0, null)));
        for (UserFilter filter : List.of(all, sales(), new UserFilter(realm, null, null, null, null, ACME),
                new UserFilter(realm, null, null, null, null, "o-initech"))) {
            for (Instant now : List.of(before, after, LATER, t("2026-11-20T00:00:00Z"), t("2027-02-01T00:00:00Z"))) {
                DormantReport.Counts counts = DormantReport.counts(db, filter, UsersReport.count(db, filter), now);
                List<Long> listed = new ArrayList<>();
                for (int days : new int[] {30, 60, 90}) {
                    listed.add((long) dormant(filter, now, days, 0, null).size());
                }
                assertEquals(listed, List.of(counts.dormant30(), counts.dormant60(), counts.dormant90()), filter + " at " + now);
                // Erin, whatever the age of her account.
                assertEquals(filter == all ? 1 : 0, counts.neverActive(), filter + " at " + now);
            }
        }
    }

    /**
     * The realm's dormant counts read the days of new users' counts and the cutoff's own day from its
     * users, split at the cutoff (the shorter part read): against the list, for cutoffs just before and
     * just after every account's creation and every latest activity, in both halves of their days.
     */
    @Test
    void dormantCountsWithCutoffsInsideTheDaysOfCreationsAndActivity() throws Exception {
        UserFilter all = UserFilter.realm(realm);
        List<Long> instants = new ArrayList<>();
        try (var st = connection.createStatement(); var rs = st.executeQuery("SELECT CREATED_TIMESTAMP FROM USER_ENTITY"
                + " WHERE REALM_ID = '" + realm + "' AND CREATED_TIMESTAMP IS NOT NULL UNION SELECT BUCKET_START"
                + " FROM OA_USER_LAST_ACTIVE WHERE REALM_ID = '" + realm + "'")) {
            while (rs.next()) {
                instants.add(rs.getLong(1));
            }
        }
        assertTrue(instants.size() >= 8, instants.toString());
        int checked = 0;
        for (long instant : instants) {
            for (int days : new int[] {30, 60, 90}) {
                for (long shift : new long[] {-16 * 60_000L, 16 * 60_000L}) {
                    Instant now = Instant.ofEpochMilli(instant + shift).plus(Duration.ofDays(days));
                    // A search keeps some users only: counted from their own rows, not the realm's days.
                    for (UserFilter users : List.of(all, new UserFilter(realm, null, null, "o", null))) {
                        DormantReport.Counts counts = DormantReport.counts(db, users, UsersReport.count(db, users), now);
                        List<Long> listed = new ArrayList<>();
                        for (int listDays : new int[] {30, 60, 90}) {
                            listed.add((long) dormant(users, now, listDays, 0, null).size());
                        }
                        assertEquals(listed, List.of(counts.dormant30(), counts.dormant60(), counts.dormant90()),
                                users + " at " + now);
                        checked++;
                    }
                }
            }
        }
        assertEquals(instants.size() * 12, checked);
    }

    /** The summary with {@code compare=previous}: November 1-12 against October 20-31 (Alice's and Bob's actions). */
    @Test
    void summaryComparedWithThePreviousRange() throws Exception {
        SummaryReport.Answer answer = SummaryReport.answer(db, UserFilter.realm(realm), NOV_1_12, true, LATER,
                counts -> counts.keySet().stream().sorted().toList());
        assertEquals(summary(UserFilter.realm(realm), NOV_1_12, LATER), answer.summary());
        assertEquals(new DormantReport.Counts(5, 1, 0, 1), answer.dormant());
        SummaryReport.Previous previous = answer.previous();
        assertEquals(ReportRange.ofDays(LocalDate.of(2026, 10, 20), LocalDate.of(2026, 10, 31), UTC), previous.range());
        assertEquals(new SummaryReport.Summary(5, 4, 0, 2, 1, 1, 3, 0, 0, 2, Map.of("job_viewed", 2L), List.of("job_viewed")),
                previous.summary());
        assertEquals(null, SummaryReport.answer(db, UserFilter.realm(realm), NOV_1_12, false, LATER, counts -> List.of()).previous());
    }

    // ---------------------------------------------------------------- funnels and retention

    /**
     * Viewed, then applied: Alice views on the 3rd at 09:00 and applies 25 hours later, Bob only
     * views (from the 5th: his view of October 31 is before the range), Carol applies 5 minutes
     * after viewing.
     */
    @Test
    void funnelStepsInOrderWithinTheWindow() throws Exception {
        List<String> viewedApplied = List.of("job_viewed", "job_applied");
        assertEquals(List.of(new FunnelReport.Step("job_viewed", 3, 1.0), new FunnelReport.Step("job_applied", 1, 1.0 / 3)),
                FunnelReport.steps(db, UserFilter.realm(realm), NOV_1_12, viewedApplied, 1));
        assertEquals(List.of(new FunnelReport.Step("job_viewed", 3, 1.0), new FunnelReport.Step("job_applied", 2, 2.0 / 3)),
                FunnelReport.steps(db, UserFilter.realm(realm), NOV_1_12, viewedApplied, 2));
        // The other way round: Alice views again 8 days after applying; Carol viewed before she applied.
        assertEquals(List.of(new FunnelReport.Step("job_applied", 2, 1.0), new FunnelReport.Step("job_viewed", 1, 0.5)),
                FunnelReport.steps(db, UserFilter.realm(realm), NOV_1_12, List.of("job_applied", "job_viewed"), 14));
        // Later steps are read past the range: Alice starts on its last day and applies the next.
        ReportRange toThird = ReportRange.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 3), UTC);
        assertEquals(List.of(new FunnelReport.Step("job_viewed", 1, 1.0), new FunnelReport.Step("job_applied", 1, 1.0)),
                FunnelReport.steps(db, UserFilter.realm(realm), toThird, viewedApplied, 2));
        ReportRange december = ReportRange.ofDays(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 12), UTC);
        assertEquals(List.of(new FunnelReport.Step("job_viewed", 0, 0.0), new FunnelReport.Step("job_applied", 0, 0.0)),
                FunnelReport.steps(db, UserFilter.realm(realm), december, viewedApplied, 2));
        assertEquals(List.of(2L, 0L), FunnelReport.steps(db, sales(), NOV_1_12, viewedApplied, 1).stream().map(FunnelReport.Step::users).toList());
        // An organization's members now: Carol in Acme, Bob in Globex.
        assertEquals(List.of(1L, 1L), FunnelReport.steps(db, new UserFilter(realm, null, null, null, null, ACME), NOV_1_12,
                viewedApplied, 1).stream().map(FunnelReport.Step::users).toList());
        assertEquals(List.of(1L, 0L), FunnelReport.steps(db, new UserFilter(realm, null, null, null, null, GLOBEX), NOV_1_12,
                viewedApplied, 1).stream().map(FunnelReport.Step::users).toList());
    }

    @Test
    void usersStoppedAtAFunnelStepLongestStoppedFirst() throws Exception {
        List<String> viewedApplied = List.of("job_viewed", "job_applied");
        FunnelReport.StoppedUser alice = new FunnelReport.StoppedUser(new Person("u-alice", "alice", "alice@acme.test", "Alice", "Archer"),
                ms("2026-11-03T09:00:00Z"), ms("2026-11-03T09:00:00Z"));
        FunnelReport.StoppedUser bob = new FunnelReport.StoppedUser(new Person("u-bob", "bob", "bob@acme.test", "Bob", "Baker"),
                ms("2026-11-05T07:10:00Z"), ms("2026-11-05T07:10:00Z"));
        assertEquals(List.of(alice, bob), stopped(UserFilter.realm(realm), viewedApplied, 1, 0, 0, null));
        assertEquals(List.of(bob), stopped(UserFilter.realm(realm), viewedApplied, 1, 0, 1, 1));
        assertEquals(2, FunnelReport.countStopped(db, UserFilter.realm(realm), NOV_1_12, viewedApplied, 1, 0));
        assertEquals(List.of(bob), stopped(UserFilter.realm(realm), viewedApplied, 2, 0, 0, 10));
        assertEquals(1, FunnelReport.countStopped(db, UserFilter.realm(realm), NOV_1_12, viewedApplied, 2, 0));
        // Three steps: stopped after the second, with when they started and when they got there.
        List<String> three = List.of("job_applied", "job_viewed", "job_posted");
        assertEquals(List.of(new FunnelReport.StoppedUser(new Person("u-alice", "alice", "alice@acme.test", "Alice", "Archer"),
                ms("2026-11-04T10:00:00Z"), ms("2026-11-12T23:40:00Z"))), stopped(UserFilter.realm(realm), three, 14, 1, 0, 10));
        assertEquals(List.of(), stopped(new UserFilter(realm, null, null, null, null, ACME), viewedApplied, 1, 0, 0, 10));
    }

    private List<FunnelReport.StoppedUser> stopped(UserFilter users, List<String> steps, int windowDays, int stoppedAt, int first,
                                                   Integer max) throws Exception {
        List<FunnelReport.StoppedUser> out = new ArrayList<>();
        FunnelReport.stopped(db, users, NOV_1_12, steps, windowDays, stoppedAt, first, max, out::add);
        return out;
    }

    /**
     * October's cohort is Dave (a login on the 16th), Alice (the 20th) and Bob (the 31st); Alice and
     * Bob come back in November, whose cohort is Carol alone.
     */
    @Test
    void retentionCohortsByMonthOfTheFirstActivityEver() throws Exception {
        ReportRange octNov = ReportRange.ofDays(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30), UTC);
        assertEquals(List.of(new RetentionReport.Cohort(t("2026-10-01T00:00:00Z"), 3, List.of(3L, 2L)),
                new RetentionReport.Cohort(t("2026-11-01T00:00:00Z"), 1, List.of(1L))),
                RetentionReport.run(db, UserFilter.realm(realm), octNov, Interval.MONTH));
        assertEquals(List.of(1.0, 2.0 / 3), RetentionReport.run(db, UserFilter.realm(realm), octNov, Interval.MONTH).get(0).rates());
        assertEquals(List.of(new RetentionReport.Cohort(t("2026-10-01T00:00:00Z"), 2, List.of(2L, 2L)),
                new RetentionReport.Cohort(t("2026-11-01T00:00:00Z"), 0, List.of(0L))),
                RetentionReport.run(db, sales(), octNov, Interval.MONTH));
        // An organization's cohorts start with the first activity attributed to it: Alice's with Globex is in November.
        assertEquals(List.of(new RetentionReport.Cohort(t("2026-10-01T00:00:00Z"), 1, List.of(1L, 1L)),
                new RetentionReport.Cohort(t("2026-11-01T00:00:00Z"), 1, List.of(1L))),
                RetentionReport.run(db, new UserFilter(realm, null, null, null, null, ACME), octNov, Interval.MONTH));
        assertEquals(List.of(new RetentionReport.Cohort(t("2026-10-01T00:00:00Z"), 0, List.of(0L, 0L)),
                new RetentionReport.Cohort(t("2026-11-01T00:00:00Z"), 2, List.of(2L))),
                RetentionReport.run(db, new UserFilter(realm, null, null, null, null, GLOBEX), octNov, Interval.MONTH));
    }

    /**
     * November 1 to 12 by ISO week: in UTC only Carol is new (Alice and Bob were active in October);
     * in Berlin Bob's action of October 31 at 23:30 UTC is on November 1, so he is new too, in the
     * first (one-day) week, and back in the second.
     */
    @Test
    void retentionCohortsByWeekCutInTheReportZone() throws Exception {
        assertEquals(List.of(new RetentionReport.Cohort(t("2026-11-01T00:00:00Z"), 0, List.of(0L, 0L, 0L)),
                new RetentionReport.Cohort(t("2026-11-02T00:00:00Z"), 1, List.of(1L, 0L)),
                new RetentionReport.Cohort(t("2026-11-09T00:00:00Z"), 0, List.of(0L))),
                RetentionReport.run(db, UserFilter.realm(realm), NOV_1_12, Interval.WEEK));
        ReportRange berlin = ReportRange.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 12), BERLIN);
        assertEquals(List.of(new RetentionReport.Cohort(t("2026-10-31T23:00:00Z"), 1, List.of(1L, 1L, 0L)),
                new RetentionReport.Cohort(t("2026-11-01T23:00:00Z"), 1, List.of(1L, 0L)),
                new RetentionReport.Cohort(t("2026-11-08T23:00:00Z"), 0, List.of(0L))),
                RetentionReport.run(db, UserFilter.realm(realm), berlin, Interval.WEEK));
    }

    private List<DormantReport.DormantUser> dormant(UserFilter users, Instant now, int days, int first, Integer max) throws Exception {
        List<DormantReport.DormantUser> out = new ArrayList<>();
        DormantReport.list(db, users, DormantReport.cutoff(now, days), first, max, true, out::add);
        return out;
    }

    private static List<String> names(List<DormantReport.DormantUser> users) {
        return users.stream().map(d -> d.user().username()).toList();
    }

    private List<StalledReport.StalledUser> stalled(UserFilter users, ReportRange range, long min, int first, Integer max)
            throws Exception {
        List<StalledReport.StalledUser> out = new ArrayList<>();
        StalledReport.list(db, users, range, "job_viewed", "job_applied", min, first, max, out::add);
        return out;
    }

    /** The Sales group with its subgroup EMEA, as the admin resource resolves {@code group=/Sales}. */
    private static UserFilter sales() {
        return new UserFilter(realm, Set.of(SALES, EMEA), null, null, null);
    }
}
