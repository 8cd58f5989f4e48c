package dev.orgalytics.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

import dev.orgalytics.store.ActionRow;
import dev.orgalytics.store.AnalyticsWriter;
import dev.orgalytics.store.LoginRow;
import dev.orgalytics.store.OrganizationMemberships;
import dev.orgalytics.store.TestDatabase;

/**
 * A small organisation in Keycloak's tables and its activity in the extension's, written by the
 * production writer so the roll-ups are exactly what Keycloak would hold. Times are UTC; the
 * comments give Berlin's local time (UTC+1 in November) where a report in that zone cuts them.
 *
 * <pre>
 * user   groups (type 0)  roles      created (UTC)      enabled
 * alice  /Sales/EMEA      recruiter  2026-10-05 10:00   yes
 * bob    /Sales           -          2026-11-02 09:00   yes
 * carol  (an org group)   recruiter  2026-11-10 23:30   no     (Berlin: Nov 11)
 * dave   -                -          2026-09-01 08:00   yes
 * erin   -                -          2026-11-11 12:00   yes
 * service-account-app (a client's service account), and "alice" of another realm
 * </pre>
 *
 * Attributed to organizations when they happened: Alice to Acme and Globex, then (after she left
 * Globex) to Acme only, except one action she named Globex for; Bob to Globex; Carol to Acme.
 */
final class ReportFixture {

    static final String OTHER_REALM = "other-realm";
    static final String SALES = "g-sales";
    static final String EMEA = "g-emea";
    static final String RECRUITER = "r-recruiter";
    /** Organizations, by id: only the attribution tables name them (the reports never read Keycloak's ORG table). */
    static final String ACME = "o-acme";
    static final String GLOBEX = "o-globex";

    private ReportFixture() {
    }

    static Instant t(String utc) {
        return Instant.parse(utc);
    }

    static long ms(String utc) {
        return t(utc).toEpochMilli();
    }

    /** The people and their activity, in realm {@code realm} (Keycloak's tables are there from the start). */
    static void seed(TestDatabase db, String realm) throws Exception {
        db.inTransaction(c -> {
            user(c, realm, "u-alice", "alice", "Alice", "Archer", "alice@acme.test", true, "2026-10-05T10:00:00Z", null);
            user(c, realm, "u-bob", "bob", "Bob", "Baker", "bob@acme.test", true, "2026-11-02T09:00:00Z", null);
            user(c, realm, "u-carol", "carol", "Carol", null, null, false, "2026-11-10T23:30:00Z", null);
            user(c, realm, "u-dave", "dave", null, null, null, true, "2026-09-01T08:00:00Z", null);
            user(c, realm, "u-erin", "erin", "Erin", null, "erin@acme.test", true, "2026-11-11T12:00:00Z", null);
            user(c, realm, "u-svc", "service-account-app", null, null, null, true, "2026-09-01T08:00:00Z", "c-app");
            user(c, OTHER_REALM, "u-other", "alice", "Other", "Alice", "alice@other.test", true, "2026-11-03T08:00:00Z", null);

            // Keycloak marks a top-level group with the parent ' ' (PARENT_GROUP is NOT NULL since 9.0.1).
            insert(c, "INSERT INTO KEYCLOAK_GROUP (ID, NAME, PARENT_GROUP, REALM_ID, TYPE) VALUES (?, ?, ?, ?, ?)",
                    List.of(new Object[] {SALES, "Sales", " ", realm, 0}, new Object[] {EMEA, "EMEA", SALES, realm, 0},
                            new Object[] {"g-org", "Acme Org", " ", realm, 1}, new Object[] {"g-globex", "Globex", " ", realm, 1},
                            new Object[] {"g-initech", "Initech", " ", realm, 1}));
            insert(c, "INSERT INTO USER_GROUP_MEMBERSHIP (GROUP_ID, USER_ID, MEMBERSHIP_TYPE) VALUES (?, ?, ?)",
                    List.of(new Object[] {EMEA, "u-alice", "UNMANAGED"}, new Object[] {SALES, "u-bob", "UNMANAGED"},
                            new Object[] {"g-org", "u-carol", "MANAGED"}, new Object[] {"g-globex", "u-bob", "UNMANAGED"}));
            // Organizations now: Acme with Carol, Globex with Bob (Alice left both), Initech without members or activity.
            insert(c, "INSERT INTO ORG (ID, ENABLED, REALM_ID, GROUP_ID, NAME, ALIAS) VALUES (?, ?, ?, ?, ?, ?)",
                    List.of(new Object[] {ACME, true, realm, "g-org", "Acme", "acme"},
                            new Object[] {GLOBEX, true, realm, "g-globex", "Globex", "globex"},
                            new Object[] {"o-initech", true, realm, "g-initech", "Initech", "initech"}));
            insert(c, "INSERT INTO KEYCLOAK_ROLE (ID, CLIENT_ROLE, NAME, REALM_ID) VALUES (?, ?, ?, ?)",
                    List.of(new Object[] {"r-default", false, "default-roles-acme", realm},
                            new Object[] {RECRUITER, false, "recruiter", realm},
                            new Object[] {"r-manage", true, "manage-jobs", realm}));
            insert(c, "INSERT INTO USER_ROLE_MAPPING (ROLE_ID, USER_ID) VALUES (?, ?)",
                    List.of(new Object[] {"r-default", "u-alice"}, new Object[] {RECRUITER, "u-alice"},
                            new Object[] {"r-manage", "u-alice"}, new Object[] {"r-default", "u-bob"},
                            new Object[] {RECRUITER, "u-carol"}, new Object[] {"r-default", "u-erin"}));
        });
        db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(List.of(
                login("l1", realm, "u-alice", "web", "LOGIN", null, "2026-11-03T08:00:00Z")          // Berlin 09:00
                        .withOrganizations(List.of(ACME, GLOBEX)),
                login("l2", realm, "u-alice", "web", "LOGIN_ERROR", "invalid_user_credentials", "2026-11-03T08:05:00Z")
                        .withOrganizations(List.of(ACME, GLOBEX)),
                login("l3", realm, "u-alice", "web", "LOGOUT", null, "2026-11-03T12:00:00Z"),
                // Alice left Globex before this one.
                login("l4", realm, "u-alice", "web", "LOGIN", null, "2026-11-12T23:30:00Z")         // Berlin Nov 13
                        .withOrganizations(List.of(ACME)),
                login("l5", realm, "u-bob", "web", "REGISTER", null, "2026-11-02T09:00:00Z"),
                login("l6", realm, "u-bob", "web", "LOGIN", null, "2026-11-05T07:00:00Z").withOrganizations(List.of(GLOBEX)),
                login("l7", realm, "u-carol", "mobile", "LOGIN", null, "2026-11-07T10:00:00Z").withOrganizations(List.of(ACME)),
                // A failed login Keycloak could not attribute to a user (an unknown username).
                // Without a user it cannot be in an organization: the attribution is dropped.
                login("l8", realm, null, "web", "LOGIN_ERROR", "user_not_found", "2026-11-08T10:00:00Z")
                        .withOrganizations(List.of(ACME)),
                login("l9", realm, "u-dave", "web", "LOGIN", null, "2026-10-16T09:00:00Z"),
                login("l10", OTHER_REALM, "u-other", "web", "LOGIN", null, "2026-11-05T08:00:00Z").withOrganizations(List.of(ACME)))));
        db.inTransaction(c -> {
            // Join times as Keycloak's join events record them: Carol in the range, Bob before it.
            new OrganizationMemberships(c).joined(realm, ACME, "u-carol", ms("2026-11-10T23:40:00Z"));
            new OrganizationMemberships(c).joined(realm, GLOBEX, "u-bob", ms("2026-10-01T08:00:00Z"));
        });
        db.inTransaction(c -> new AnalyticsWriter(c).writeActions(List.of(
                attributed(action("a1", realm, "u-alice", "web", "job_viewed", "2026-10-20T10:00:00Z"), ACME),
                attributed(action("a2", realm, "u-alice", "web", "job_viewed", "2026-11-03T09:00:00Z"), ACME, GLOBEX),
                // Named its organization: only Globex.
                attributed(action("a3", realm, "u-alice", "web", "job_applied", "2026-11-04T10:00:00Z"), GLOBEX),
                action("a4", realm, "u-alice", "web", "job_viewed", "2026-11-12T23:40:00Z"),   // Berlin Nov 13
                action("b1", realm, "u-bob", "web", "job_viewed", "2026-10-31T23:30:00Z"),     // Berlin Nov 1
                attributed(action("b2", realm, "u-bob", "web", "job_viewed", "2026-11-05T07:10:00Z"), GLOBEX),
                action("b3", realm, "u-bob", "web", "job_viewed", "2026-11-05T12:00:00Z"),
                new ActionRow("c1", realm, "u-carol", "web", "job_viewed", "k-c1", ms("2026-11-07T10:05:00Z"),
                        ms("2026-11-07T10:05:01Z"), "/jobs/1", "job", "j-1", "Engineer", "{\"source\":\"search\"}", List.of(ACME)),
                action("c2", realm, "u-carol", "mobile", "job_applied", "2026-11-07T10:10:00Z"),
                attributed(action("o1", OTHER_REALM, "u-other", "web", "job_viewed", "2026-11-05T08:05:00Z"), ACME))));
    }

    /**
     * Logins of realm {@code realm} (no people in Keycloak's tables: the breakdown reads only the
     * events) for the logins breakdown, all on November 10:
     *
     * <pre>
     * client    logins (user, identity provider)            failures (user, error)
     * web       u1, u1, u2 via google                       u1 invalid_user_credentials, (none) user_not_found
     * mobile    u3 via github (organization o-x)            u3 invalid_user_credentials (o-x)
     * c01..c11  one each: u5 on c10, u4 on every other one
     * </pre>
     * And a logout of u2 (not a login), and session activity of u6 (a refresh: active, no login).
     */
    static void seedLoginBreakdown(TestDatabase db, String realm) throws Exception {
        List<LoginRow> rows = new java.util.ArrayList<>(List.of(
                login("b1", realm, "u1", "web", "LOGIN", null, "2026-11-10T08:00:00Z"),
                login("b2", realm, "u1", "web", "LOGIN", null, "2026-11-10T08:01:00Z"),
                login("b3", realm, "u2", "web", "LOGIN", null, "2026-11-10T08:02:00Z").withIdentityProvider("google"),
                login("b4", realm, "u1", "web", "LOGIN_ERROR", "invalid_user_credentials", "2026-11-10T08:03:00Z"),
                login("b5", realm, null, "web", "LOGIN_ERROR", "user_not_found", "2026-11-10T08:04:00Z"),
                login("b6", realm, "u3", "mobile", "LOGIN", null, "2026-11-10T08:05:00Z").withIdentityProvider("github")
                        .withOrganizations(List.of("o-x")),
                login("b7", realm, "u3", "mobile", "LOGIN_ERROR", "invalid_user_credentials", "2026-11-10T08:06:00Z")
                        .withOrganizations(List.of("o-x")),
                login("b8", realm, "u2", "web", "LOGOUT", null, "2026-11-10T08:07:00Z"),
                new LoginRow("s1", realm, "u6", "web", LoginRow.SESSION, true, null, "10.0.0.1", ms("2026-11-10T09:00:00Z"))));
        for (int i = 1; i <= 11; i++) {
            rows.add(login("c" + i, realm, i == 10 ? "u5" : "u4", String.format("c%02d", i), "LOGIN", null, "2026-11-10T10:00:00Z"));
        }
        db.inTransaction(c -> new AnalyticsWriter(c).writeLogins(rows));
    }

    private static void user(Connection c, String realm, String id, String username, String first, String last, String email,
                             boolean enabled, String created, String serviceAccountOf) throws SQLException {
        insert(c, "INSERT INTO USER_ENTITY (ID, USERNAME, FIRST_NAME, LAST_NAME, EMAIL, ENABLED, CREATED_TIMESTAMP, REALM_ID,"
                + " SERVICE_ACCOUNT_CLIENT_LINK) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                List.<Object[]>of(new Object[] {id, username, first, last, email, enabled, ms(created), realm, serviceAccountOf}));
    }

    private static void insert(Connection c, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] == null) {
                        ps.setNull(i + 1, Types.VARCHAR);
                    } else {
                        ps.setObject(i + 1, row[i]);
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static LoginRow login(String id, String realm, String userId, String client, String type, String error, String at) {
        return new LoginRow(id, realm, userId, client, type, !type.equals("LOGIN_ERROR"), error,
                userId == null ? "10.0.0.9" : "10.0.0.1", ms(at));
    }

    private static ActionRow attributed(ActionRow a, String... organizationIds) {
        return new ActionRow(a.id(), a.realmId(), a.userId(), a.clientId(), a.action(), a.clientKey(), a.occurredAt(),
                a.receivedAt(), a.page(), a.targetType(), a.targetId(), a.targetName(), a.propertiesJson(), List.of(organizationIds));
    }

    private static ActionRow action(String id, String realm, String userId, String client, String name, String at) {
        return new ActionRow(id, realm, userId, client, name, null, ms(at), ms(at), null, null, null, null, null);
    }
}
