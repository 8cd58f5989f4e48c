package dev.orgalytics.it;

import static dev.orgalytics.it.Fixtures.await;
import static dev.orgalytics.it.Fixtures.count;
import static dev.orgalytics.it.Fixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** Logins through the real OIDC token endpoint end up in the raw table and the roll-ups. */
class CaptureIT {

    @Test
    void successfulLoginIsStoredWithItsClient() {
        Fixtures.Realm realm = Fixtures.realm("capture");
        String userId = realm.user("alice");
        long before = System.currentTimeMillis();
        realm.token("alice");

        await("the login row", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ?", userId) == 1);
        Map<String, Object> row = query("SELECT * FROM OA_LOGIN_EVENT WHERE USER_ID = ?", userId).get(0);
        assertEquals(realm.id(), row.get("REALM_ID"));
        assertEquals("web", row.get("CLIENT_ID"));
        assertEquals("LOGIN", row.get("EVENT_TYPE"));
        assertEquals(Boolean.TRUE, row.get("SUCCESS"));
        assertEquals("127.0.0.1", row.get("IP_ADDRESS"));
        long time = ((Number) row.get("EVENT_TIME")).longValue();
        assertTrue(time >= before && time <= System.currentTimeMillis(), "event time " + time);

        await("the roll-ups", () -> count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId) == 1);
        assertEquals(time, count("SELECT LAST_LOGIN_AT FROM OA_USER_TOTALS WHERE USER_ID = ?", userId));
        assertEquals(1, count("SELECT SUM(LOGINS) FROM OA_USER_ACTIVITY WHERE REALM_ID = ? AND USER_ID = ?", realm.id(), userId));
    }

    @Test
    void failedPasswordIsStoredAsAFailureOfThatUser() {
        Fixtures.Realm realm = Fixtures.realm("capture-fail");
        String userId = realm.user("bob");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "bob", "wrong-password"));

        await("the failure row", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ?", userId) == 1);
        Map<String, Object> row = query("SELECT * FROM OA_LOGIN_EVENT WHERE USER_ID = ?", userId).get(0);
        assertEquals("LOGIN_ERROR", row.get("EVENT_TYPE"));
        assertEquals(Boolean.FALSE, row.get("SUCCESS"));
        assertEquals("invalid_user_credentials", row.get("ERROR"));
        assertEquals("web", row.get("CLIENT_ID"));
        await("the failure roll-up", () -> count("SELECT FAILED_LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId) == 1);
        assertEquals(0, count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId));

        // An unknown username cannot be attributed: stored without a user, counted in no user's roll-ups.
        Tokens.passwordGrantResponse(realm.name(), "web", null, "nobody", "x");
        await("the unattributed failure", () -> count(
                "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND USER_ID IS NULL AND SUCCESS = FALSE", realm.id()) == 1);
    }

    @Test
    void serviceAccountLoginsAreNotUserLogins() {
        Fixtures.Realm realm = Fixtures.realm("capture-sa");
        AdminClient.ConfidentialClient backend = realm.admin().createConfidentialClient(realm.name(), "backend", true);
        Tokens.clientCredentials(realm.name(), "backend", backend.secret());
        // Then a user login: the writer stores events in order, so once it is there the first was seen.
        String userId = realm.user("carol");
        realm.token("carol");
        await("the user login", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ?", userId) == 1);
        assertEquals(1, count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?", realm.id()));
        assertEquals(1, count("SELECT COUNT(*) FROM OA_USER_TOTALS WHERE REALM_ID = ?", realm.id()));
    }

    /**
     * The H2 run enables the listener per realm; the PostgreSQL run starts Keycloak with
     * {@code --spi-events-listener-org-analytics-all-realms=true}, which captures realms that never enabled it.
     */
    @Test
    void listenerScopeFollowsRealmSettingsOrTheAllRealmsOption() {
        Fixtures.Realm quiet = Fixtures.realm("capture-off", false);
        String quietUser = quiet.user("dave");
        quiet.token("dave");
        Fixtures.Realm loud = Fixtures.realm("capture-on", true);
        String loudUser = loud.user("erin");
        loud.token("erin");
        await("the later login", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ?", loudUser) == 1);
        if (Fixtures.allRealms()) {
            await("the login of the realm without the listener",
                    () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ?", quietUser) == 1);
        } else {
            assertEquals(0, Fixtures.rowsOfRealm(quiet.id()), "a realm without the listener is not captured");
            // Enabling it the standard way starts capture.
            quiet.admin().setEventListeners(quiet.name(), List.of("jboss-logging", "org-analytics"));
            quiet.token("dave");
            await("the login after enabling", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ?", quietUser) == 1);
        }
    }

    @Test
    void registrationAndLogoutAreStoredRawOnly() {
        Fixtures.Realm realm = Fixtures.realm("capture-logout");
        String userId = realm.user("frank");
        Http.Response grant = Tokens.passwordGrantResponse(realm.name(), "web", null, "frank", Fixtures.PASSWORD).ok("login");
        String refresh = grant.json().path("refresh_token").asText();
        Http.Response logout = Http.postForm(KeycloakServer.get().baseUrl() + "/realms/" + realm.name()
                + "/protocol/openid-connect/logout", Map.of("client_id", "web", "refresh_token", refresh));
        assertEquals(204, logout.status(), logout.body());
        await("the logout row", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ? AND EVENT_TYPE = 'LOGOUT'", userId) == 1);
        assertEquals(1, count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId));
    }

    @Test
    void twoHundredConcurrentLoginsOfOneUserAreCountedExactly() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("capture-burst");
        String userId = realm.user("grace");
        int logins = 200;
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            tokens.add(pool.submit(() -> realm.token("grace")));
        }
        for (Future<String> t : tokens) {
            assertNotNull(t.get());
        }
        pool.shutdown();

        await("200 login rows", Duration.ofSeconds(60),
                () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ? AND SUCCESS = TRUE", userId) == logins);
        await("200 logins in the totals", () -> count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId) == logins);
        assertEquals(logins, count("SELECT SUM(LOGINS) FROM OA_USER_ACTIVITY WHERE REALM_ID = ? AND USER_ID = ?", realm.id(), userId));
        assertEquals(logins, count("SELECT SUM(LOGINS) FROM OA_REALM_ACTIVITY WHERE REALM_ID = ?", realm.id()));
        Fixtures.assertRealmRollupsEqualUserSums(realm.id());
        assertEquals(count("SELECT MAX(EVENT_TIME) FROM OA_LOGIN_EVENT WHERE USER_ID = ?", userId),
                count("SELECT LAST_LOGIN_AT FROM OA_USER_TOTALS WHERE USER_ID = ?", userId));
    }
}
