package dev.orgalytics.it;

import static dev.orgalytics.it.Fixtures.await;
import static dev.orgalytics.it.Fixtures.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Session activity against the real Keycloak: token refreshes make their user active without a
 * login; impersonated sessions and service accounts add nothing to anyone.
 *
 * <p>A user whose only activity is refreshing: they get their tokens while the realm does not
 * capture yet (the listener off for the realm), then the realm turns capture on and they refresh.
 * The PostgreSQL run captures every realm from the start ({@code all-realms}), so there the login
 * is captured too and the refresh falls in its quarter hour: that run checks what still holds.
 */
class SessionActivityIT {

    private static final String LISTENERS_ON = "org-analytics";

    @Test
    void refreshesMakeAUserActiveWithoutALogin() {
        Fixtures.Realm realm = Fixtures.realm("session", false);
        String rita = realm.user("rita");
        String refresh = grant(realm, "rita").path("refresh_token").asText();
        realm.admin().setEventListeners(realm.name(), List.of("jboss-logging", LISTENERS_ON));
        long before = System.currentTimeMillis();
        refresh = refresh(realm, refresh).path("refresh_token").asText();
        refresh(realm, refresh);
        long after = System.currentTimeMillis();
        sentinelLogin(realm);

        JsonNode summary = realm.admin().getJson("/admin/realms/" + realm.name() + "/org-analytics/summary").ok("summary").json();
        assertEquals(2, summary.path("dau").asLong(), "rita (who refreshed) and the sentinel are active today");
        assertEquals(2, summary.path("activeUsers").asLong());
        long lastActive = count("SELECT LAST_ACTIVE_AT FROM OA_USER_TOTALS WHERE USER_ID = ?", rita);
        if (Fixtures.allRealms()) {
            assertEquals(1, count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", rita), "her login was captured too");
            assertTrue(lastActive >= count("SELECT LAST_LOGIN_AT FROM OA_USER_TOTALS WHERE USER_ID = ?", rita));
            return;
        }
        assertEquals(0, count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ?", rita), "a refresh is no login event");
        assertEquals(0, count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", rita));
        assertEquals(0, count("SELECT SUM(LOGINS) FROM OA_USER_ACTIVITY WHERE USER_ID = ?", rita));
        assertTrue(lastActive >= before && lastActive <= after, "latest activity is a refresh's: " + lastActive);
        // Two refreshes in one quarter hour are one write (a quarter hour may have begun between them: then two).
        long marks = count("SELECT SUM(SESSION_ACTIVITY) FROM OA_USER_ACTIVITY WHERE USER_ID = ?", rita);
        if (before / 900_000 == after / 900_000) {
            assertEquals(1, marks, "one write for two refreshes in one quarter hour");
        } else {
            assertTrue(marks == 1 || marks == 2, "refreshes across a quarter hour's start: " + marks);
        }
        assertEquals(marks, count("SELECT SUM(SESSION_ACTIVITY) FROM OA_REALM_ACTIVITY WHERE REALM_ID = ?", realm.id()));
        assertEquals(1, count("SELECT COUNT(*) FROM OA_USER_LAST_ACTIVE WHERE USER_ID = ?", rita));
        JsonNode user = realm.admin().getJson("/admin/realms/" + realm.name() + "/org-analytics/users/" + rita).ok("user").json();
        assertEquals(0, user.path("logins").asLong());
        assertTrue(user.path("lastLoginAt").isNull(), user.toString());
        Fixtures.assertRealmRollupsEqualUserSums(realm.id());
    }

    @Test
    void withSessionActivityOffARefreshIsNoActivity() {
        KeycloakServer server = KeycloakServer.get();
        server.restartWith("--spi-events-listener-org-analytics-session-activity=false");
        try {
            Fixtures.Realm realm = Fixtures.realm("session-off", false);
            String sam = realm.user("sam");
            String refresh = grant(realm, "sam").path("refresh_token").asText();
            realm.admin().setEventListeners(realm.name(), List.of("jboss-logging", LISTENERS_ON));
            refresh(realm, refresh);
            sentinelLogin(realm);
            assertEquals(0, count("SELECT SUM(SESSION_ACTIVITY) FROM OA_USER_ACTIVITY WHERE REALM_ID = ?", realm.id()));
            assertEquals(Fixtures.allRealms() ? 1 : 0, count("SELECT COUNT(*) FROM OA_USER_TOTALS WHERE USER_ID = ?", sam),
                    "only a captured login makes sam active");
        } finally {
            server.restartWith();
        }
    }

    /**
     * An admin impersonates Ivan (Keycloak 26.4 to 26.7 open a user session marked with the note
     * IMPERSONATOR_ID and set its cookie), then uses that session as a browser would: a login to the
     * client by the session's cookie, the code exchanged for tokens, a refresh. None of it is Ivan's.
     */
    @Test
    void anImpersonatedSessionAddsNothingToItsUser() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("impersonated");
        String ivan = realm.user("ivan");
        Http.Response impersonation = realm.admin().postJson("/admin/realms/" + realm.name() + "/users/" + ivan + "/impersonation",
                null).ok("impersonation");
        String cookies = impersonation.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .filter(c -> !c.endsWith("="))
                .collect(Collectors.joining("; "));
        assertTrue(cookies.contains("KEYCLOAK_IDENTITY="), "the impersonated session's cookie: " + impersonation.headers().map());

        String redirect = "http://localhost/callback";
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> auth = browser.send(HttpRequest.newBuilder(URI.create(KeycloakServer.get().baseUrl() + "/realms/"
                        + realm.name() + "/protocol/openid-connect/auth?client_id=" + Fixtures.WEB_CLIENT + "&response_type=code"
                        + "&scope=openid&state=s1&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)))
                .header("Cookie", cookies).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, auth.statusCode(), "signed in by the impersonated session's cookie: " + auth.body());
        String location = auth.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(redirect) && location.contains("code="), location);
        String code = location.replaceAll(".*[?&]code=([^&#]+).*", "$1");
        JsonNode tokens = Http.postForm(Tokens.tokenUrl(realm.name()), Map.of("grant_type", "authorization_code", "code",
                        URLDecoder.decode(code, StandardCharsets.UTF_8), "client_id", Fixtures.WEB_CLIENT, "redirect_uri", redirect))
                .ok("code exchange").json();
        refresh(realm, tokens.path("refresh_token").asText());
        sentinelLogin(realm);

        assertEquals(0, Fixtures.rowsOfUser(realm.id(), ivan), "no login, code exchange or refresh of the impersonated session");
        // Ivan's own login still counts: the listener did see him.
        realm.token("ivan");
        await("ivan's own login", () -> count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", ivan) == 1);
    }

    /** A service account's client-credentials grant and refresh (with refresh tokens on for it) are nobody's activity. */
    @Test
    void aServiceAccountAddsNothing() {
        Fixtures.Realm realm = Fixtures.realm("session-sa");
        AdminClient.ConfidentialClient robot = realm.admin().createConfidentialClient(realm.name(), "robot", true);
        realm.admin().putJson("/admin/realms/" + realm.name() + "/clients/" + robot.uuid(), Map.of("clientId", "robot",
                "attributes", Map.of("client_credentials.use_refresh_token", "true"))).ok("refresh tokens for client credentials");
        JsonNode grant = Http.postForm(Tokens.tokenUrl(realm.name()), Map.of("grant_type", "client_credentials",
                "client_id", "robot", "client_secret", robot.secret())).ok("client credentials").json();
        String refresh = grant.path("refresh_token").asText();
        assertTrue(!refresh.isEmpty(), "a refresh token for the service account: " + grant);
        Http.postForm(Tokens.tokenUrl(realm.name()), Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", "robot", "client_secret", robot.secret())).ok("service account refresh");
        String sentinel = sentinelLogin(realm);

        String account = realm.admin().serviceAccountUserId(realm.name(), robot.uuid());
        assertEquals(0, Fixtures.rowsOfUser(realm.id(), account));
        assertEquals(1, count("SELECT COUNT(*) FROM OA_USER_TOTALS WHERE REALM_ID = ?", realm.id()), "only the sentinel");
        assertEquals(1, count("SELECT COUNT(*) FROM OA_USER_TOTALS WHERE USER_ID = ?", sentinel));
    }

    private static JsonNode grant(Fixtures.Realm realm, String username) {
        return Tokens.passwordGrantResponse(realm.name(), Fixtures.WEB_CLIENT, null, username, Fixtures.PASSWORD)
                .ok("password grant").json();
    }

    private static JsonNode refresh(Fixtures.Realm realm, String refreshToken) {
        return Http.postForm(Tokens.tokenUrl(realm.name()), Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", Fixtures.WEB_CLIENT)).ok("refresh").json();
    }

    /**
     * A login of a new user, awaited: the writer stores in order, so once it is stored, everything
     * captured before it was handled. Returns the user's id.
     */
    private static String sentinelLogin(Fixtures.Realm realm) {
        String id = realm.user("sentinel");
        realm.token("sentinel");
        await("the sentinel's login", () -> count("SELECT COUNT(*) FROM OA_USER_TOTALS WHERE USER_ID = ?", id) == 1);
        return id;
    }
}
