package dev.orgalytics.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.keycloak.representations.idm.RealmRepresentation;

/** Realms, users and database look-ups shared by the integration tests. */
public final class Fixtures {

    public static final String PASSWORD = "Secret-pw-1";
    static final String WEB_CLIENT = "web";

    private Fixtures() {
    }

    /** Whether this server captures every realm (the PostgreSQL run) or only realms that enable the listener (H2). */
    static boolean allRealms() {
        return System.getProperty("keycloak.extraArgs", "").contains("org-analytics-all-realms=true");
    }

    /** A realm id and name plus the admin client to manage it. */
    public record Realm(String name, String id, AdminClient admin) {
        public String user(String username) {
            return admin.createUser(name, username, PASSWORD);
        }

        /** A user with a name and an email at {@code emailDomain} (verified), and the test password. */
        public String person(String username, String first, String last, String emailDomain) {
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("username", username);
            rep.put("firstName", first);
            rep.put("lastName", last);
            rep.put("email", username + "@" + emailDomain);
            rep.put("emailVerified", true);
            rep.put("enabled", true);
            rep.put("credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
            return admin.postJson("/admin/realms/" + name + "/users", rep).ok("create " + username).createdId();
        }

        public String token(String username) {
            return Tokens.password(name, WEB_CLIENT, null, username, PASSWORD);
        }

        public String actionsUrl() {
            return KeycloakServer.get().baseUrl() + "/realms/" + name + "/org-analytics/actions";
        }
    }

    /**
     * A new realm with the org-analytics listener enabled, a public client {@code web} and cheap
     * password hashing (so hundreds of logins cost seconds, not minutes).
     */
    public static Realm realm(String prefix, boolean listenerEnabled) {
        AdminClient admin = new AdminClient();
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        rep.setPasswordPolicy("hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        rep.setEventsListeners(listenerEnabled ? List.of("jboss-logging", "org-analytics") : List.of("jboss-logging"));
        admin.createRealm(rep);
        admin.createPublicClient(name, WEB_CLIENT);
        String id = admin.getJson("/admin/realms/" + name).ok("realm").json().path("id").asText();
        return new Realm(name, id, admin);
    }

    public static Realm realm(String prefix) {
        return realm(prefix, true);
    }

    /** Gives a user of the realm one role of its realm-management client, e.g. view-org-analytics or realm-admin. */
    public static void grantRealmManagementRole(Realm in, String userId, String role) {
        String rm = in.admin().getJson("/admin/realms/" + in.name() + "/clients?clientId=realm-management")
                .ok("realm-management client").json().get(0).path("id").asText();
        com.fasterxml.jackson.databind.JsonNode r = in.admin()
                .getJson("/admin/realms/" + in.name() + "/clients/" + rm + "/roles/" + role).ok(role).json();
        in.admin().postJson("/admin/realms/" + in.name() + "/users/" + userId + "/role-mappings/clients/" + rm,
                List.of(Map.of("id", r.path("id").asText(), "name", role))).ok("grant " + role);
    }

    /** A user of {@code in} holding one client role of its realm-management client, and their token. */
    public static String realmAdmin(Realm in, String username, String role) {
        grantRealmManagementRole(in, in.user(username), role);
        return Tokens.password(in.name(), "admin-cli", null, username, PASSWORD);
    }

    /** A token of the master realm's admin. */
    static String masterAdminToken() {
        return Tokens.password("master", "admin-cli", null, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
    }

    /** Turns Keycloak's organizations on in the realm. */
    public static void enableOrganizations(Realm in) {
        in.admin().updateRealm(in.name(), Map.of("organizationsEnabled", true));
    }

    /** A new organization of the realm (organizations on), created through Keycloak's admin API; returns its id. */
    public static String organization(Realm in, String name, String alias) {
        return in.admin().postJson("/admin/realms/" + in.name() + "/organizations", Map.of("name", name, "alias", alias,
                "domains", List.of(Map.of("name", alias + ".test")))).ok("create organization " + alias).createdId();
    }

    /** Makes the user a member of the organization. */
    public static void joinOrganization(Realm in, String organizationId, String userId) {
        // The members endpoint takes the user id as a bare JSON string.
        in.admin().postJson("/admin/realms/" + in.name() + "/organizations/" + organizationId + "/members",
                "\"" + userId + "\"").ok("join " + organizationId);
    }

    /**
     * A service-account client of the realm holding the realm role org-analytics-recorder, and its
     * token: a backend recording for many users (it has the recorders' own, higher quota).
     */
    public static String recorderToken(Realm in, String clientId) {
        AdminClient.ConfidentialClient client = in.admin().createConfidentialClient(in.name(), clientId, true);
        in.admin().assignRealmRole(in.name(), in.admin().serviceAccountUserId(in.name(), client.uuid()), "org-analytics-recorder");
        return Tokens.clientCredentials(in.name(), clientId, client.secret());
    }

    /** The first column of the first row; 0 when there is no row yet (polled before a writer got there). */
    static long count(String sql, Object... params) {
        List<Map<String, Object>> rows = query(sql, params);
        if (rows.isEmpty()) {
            return 0;
        }
        Object v = rows.get(0).values().iterator().next();
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Rows as column-name (upper case) to value maps. */
    static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = KeycloakServer.get().openJdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toUpperCase(), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void execute(String sql) {
        try (Connection c = KeycloakServer.get().openJdbc()) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Waits for the background login writer; fails with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(30), condition);
    }

    /** The tables whose rows belong to one user. */
    private static final List<String> USER_TABLES = List.of("OA_LOGIN_EVENT", "OA_ACTION", "OA_USER_ACTIVITY",
            "OA_USER_ACTION_COUNT", "OA_USER_ACTIVITY_DAY", "OA_USER_ACTION_COUNT_DAY", "OA_USER_ACTIVITY_MONTH",
            "OA_USER_ACTION_COUNT_MONTH", "OA_USER_TOTALS", "OA_USER_LAST_ACTIVE", "OA_LOGIN_EVENT_ORG", "OA_ACTION_ORG");
    /** The realm-wide roll-ups: sums over the users. */
    private static final List<String> REALM_TABLES = List.of("OA_REALM_ACTIVITY", "OA_REALM_ACTION_COUNT",
            "OA_REALM_ACTIVITY_DAY", "OA_REALM_ACTION_COUNT_DAY", "OA_REALM_ACTIVITY_MONTH", "OA_REALM_ACTION_COUNT_MONTH");

    /** Number of analytics rows of a realm, across every table. */
    static long rowsOfRealm(String realmId) {
        long n = userRowsOfRealm(realmId);
        for (String table : REALM_TABLES) {
            n += count("SELECT COUNT(*) FROM " + table + " WHERE REALM_ID = ?", realmId);
        }
        return n;
    }

    /** Number of rows of a realm's users, across every per-user table. */
    static long userRowsOfRealm(String realmId) {
        long n = 0;
        for (String table : USER_TABLES) {
            n += count("SELECT COUNT(*) FROM " + table + " WHERE REALM_ID = ?", realmId);
        }
        return n;
    }

    /** Number of analytics rows of a user, across every table. */
    static long rowsOfUser(String realmId, String userId) {
        long n = 0;
        for (String table : USER_TABLES) {
            n += count("SELECT COUNT(*) FROM " + table + " WHERE REALM_ID = ? AND USER_ID = ?", realmId, userId);
        }
        return n;
    }

    /**
     * Asserts that the realm roll-ups hold exactly the sums of the users' roll-ups, at every grain:
     * logins, failed logins, actions, session activity, and actions per name.
     */
    static void assertRealmRollupsEqualUserSums(String realmId) {
        for (String column : List.of("LOGINS", "FAILED_LOGINS", "ACTIONS", "SESSION_ACTIVITY")) {
            long realm = count("SELECT COALESCE(SUM(" + column + "), 0) FROM OA_REALM_ACTIVITY WHERE REALM_ID = ?", realmId);
            for (String table : List.of("OA_USER_ACTIVITY", "OA_USER_ACTIVITY_DAY", "OA_USER_ACTIVITY_MONTH",
                    "OA_REALM_ACTIVITY_DAY", "OA_REALM_ACTIVITY_MONTH")) {
                org.junit.jupiter.api.Assertions.assertEquals(realm, count("SELECT COALESCE(SUM(" + column + "), 0) FROM "
                        + table + " WHERE REALM_ID = ?", realmId), column + " of " + table);
            }
        }
        for (Map<String, Object> row : query("SELECT ACTION, SUM(ACTION_COUNT) AS N FROM OA_REALM_ACTION_COUNT WHERE REALM_ID = ?"
                + " GROUP BY ACTION", realmId)) {
            String action = (String) row.get("ACTION");
            long expected = ((Number) row.get("N")).longValue();
            for (String table : List.of("OA_USER_ACTION_COUNT", "OA_USER_ACTION_COUNT_DAY", "OA_USER_ACTION_COUNT_MONTH",
                    "OA_REALM_ACTION_COUNT_DAY", "OA_REALM_ACTION_COUNT_MONTH")) {
                org.junit.jupiter.api.Assertions.assertEquals(expected, count("SELECT COALESCE(SUM(ACTION_COUNT), 0) FROM "
                        + table + " WHERE REALM_ID = ? AND ACTION = ?", realmId, action), action + " of " + table);
            }
        }
    }
}
