package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

import dev.orgalytics.stats.UsersReport.UserRow;
import dev.orgalytics.stats.UsersReport.UserSort;
import dev.orgalytics.store.ActionRow;
import dev.orgalytics.store.AnalyticsWriter;
import dev.orgalytics.store.LoginRow;
import dev.orgalytics.store.TestDatabase;

/**
 * "Most actions / logins first" of a whole realm found from the month rows' indexes
 * ({@link LargestUserSums}) on H2, PostgreSQL and MariaDB: every page equals the same rows of the
 * full order (which sums every user), over ranges the roll-ups read as whole months, months less
 * days, days and a zone's quarter hours; and the search decides before reading every user. A
 * thousand users, written by the production writer over October and November 2026, with a few
 * very active ones, a long tail of equal counts, and a service account more active than anyone
 * (never in the report).
 */
@ParameterizedClass(name = "{0}")
@FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
class LargestUserSumsDatabaseTest {

    private static final int USERS = 1_000;
    private static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final List<ReportRange> RANGES = List.of(
            ReportRange.ofDays(OCT_1, LocalDate.of(2026, 11, 30), UTC),
            ReportRange.ofDays(LocalDate.of(2026, 10, 20), LocalDate.of(2026, 11, 18), UTC),
            ReportRange.ofDays(LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 12), UTC),
            ReportRange.ofDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), ZoneId.of("Europe/Berlin")));

    private static TestDatabase database;
    private static String realm;

    @Parameter
    String kind;

    private Connection connection;
    private Jdbc db;

    @BeforeParameterizedClassInvocation
    static void createDatabase(String kind) throws Exception {
        database = TestDatabase.create(kind);
        realm = "many-" + kind;
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO USER_ENTITY (ID, USERNAME, ENABLED, CREATED_TIMESTAMP,"
                    + " REALM_ID, SERVICE_ACCOUNT_CLIENT_LINK) VALUES (?, ?, TRUE, 0, ?, ?)")) {
                for (int i = 0; i <= USERS; i++) {
                    boolean service = i == USERS;
                    ps.setString(1, userId(i));
                    ps.setString(2, service ? "service-account-app" : String.format("user%04d", i));
                    ps.setString(3, realm);
                    ps.setString(4, service ? "c-app" : null);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        List<ActionRow> actions = new ArrayList<>();
        List<LoginRow> logins = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            // A few users far ahead, then a long tail where many share each count.
            int count = 400 / (i + 1) + i % 4;
            for (int j = 0; j < count; j++) {
                actions.add(action(i, j, at((i * 7 + j * 13) % 61, j % 24)));
            }
            for (int j = 0; j < 3 + (i * 7) % 5; j++) {
                logins.add(new LoginRow("l-" + i + "-" + j, realm, userId(i), "web", "LOGIN", true, null, "10.0.0.1",
                        at((i + j * 11) % 61, (i + j) % 24)));
            }
        }
        for (int j = 0; j < 500; j++) {
            actions.add(action(USERS, j, at(40, j % 24)));
        }
        for (int from = 0; from < actions.size(); from += 1_000) {
            List<ActionRow> batch = actions.subList(from, Math.min(actions.size(), from + 1_000));
            database.inTransaction(c -> new AnalyticsWriter(c).writeActions(batch));
        }
        database.inTransaction(c -> new AnalyticsWriter(c).writeLogins(logins));
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

    @Test
    void everyPageOfTheLargestSumsEqualsTheFullOrder() throws Exception {
        for (ReportRange range : RANGES) {
            for (UserSort sort : List.of(UserSort.ACTIONS, UserSort.LOGINS)) {
                List<UserRow> full = users(range, sort, 0, null);
                assertEquals(USERS, full.size(), "every user but the service account");
                for (int[] page : new int[][] {{0, 50}, {0, 1}, {37, 13}, {120, 30}, {0, 400}}) {
                    int first = page[0];
                    int max = page[1];
                    assertEquals(names(full.subList(first, first + max)), names(users(range, sort, first, max)),
                            sort + " first=" + first + " max=" + max + " of " + range);
                }
            }
        }
    }

    @Test
    void theSearchDecidesBeforeSummingEveryUser() throws Exception {
        UserFilter whole = UserFilter.realm(realm);
        for (ReportRange range : List.of(RANGES.get(0), RANGES.get(1))) {
            LargestUserSums.Search search = LargestUserSums.search(db, whole, range, "ACTIONS", 50);
            assertNotNull(search.found(), "decided over " + range);
            assertTrue(search.summed() < USERS / 2, search.summed() + " users summed over " + range);
            List<UserRow> full = users(range, UserSort.ACTIONS, 0, null);
            long boundary = full.get(49).actions();
            List<String> expected = full.stream().filter(r -> r.actions() >= boundary).map(UserRow::id).sorted().toList();
            assertEquals(expected, search.found().keySet().stream().sorted().toList(), "the top 50 and their ties");
        }
    }

    @Test
    void aPageTooDeepForTheSearchIsSummedOverTheRealm() throws Exception {
        ReportRange twoMonths = RANGES.get(0);
        // 2,100 rows of each of two months would be more candidates than the search sums.
        LargestUserSums.Search search = LargestUserSums.search(db, UserFilter.realm(realm), twoMonths, "ACTIONS", 2_000);
        assertEquals(null, search.found());
        assertEquals(0, search.summed(), "gave up before summing anyone");
        List<UserRow> full = users(twoMonths, UserSort.ACTIONS, 0, null);
        assertEquals(names(full.subList(900, 1_000)), names(users(twoMonths, UserSort.ACTIONS, 900, 1_100)));
    }

    private List<UserRow> users(ReportRange range, UserSort sort, int first, Integer max) throws Exception {
        List<UserRow> out = new ArrayList<>();
        UsersReport.list(db, UserFilter.realm(realm), range, sort, true, first, max, out::add);
        return out;
    }

    /** Rows as "username actions logins": equal rows are the same user with the same sums. */
    private static List<String> names(List<UserRow> rows) {
        return rows.stream().map(r -> r.username() + " " + r.actions() + " " + r.logins()).toList();
    }

    private static String userId(int i) {
        return String.format("u-%04d", i);
    }

    /** {@code day} days after October 1, at {@code hour}:20 UTC. */
    private static long at(int day, int hour) {
        return OCT_1.plusDays(day).atTime(hour, 20).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static ActionRow action(int user, int j, long at) {
        return new ActionRow("a-" + user + "-" + j, realm, userId(user), "web", "job_viewed", null, at, at,
                null, null, null, null, null);
    }
}
