package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * History from Keycloak's own event store ({@code POST .../org-analytics/backfill}) against the real
 * Keycloak: two realms see the same logins, one with the listener (captured live), one without it
 * but with "Save events" on (Keycloak's store only). Backfilled page by page, the second realm's
 * reports equal the first's; a second backfill stores nothing; the live realm's recent events are
 * left to the listener. The passes that capture every realm ({@code all-realms}) have no realm
 * without the listener: there the backfill leaves everything to it.
 */
class BackfillIT {

    private static Fixtures.Realm live;
    private static Fixtures.Realm past;

    @BeforeAll
    static void seed() {
        live = Fixtures.realm("backfill-live", true);
        past = Fixtures.realm("backfill-past", false);
        for (Fixtures.Realm realm : List.of(live, past)) {
            realm.admin().updateRealm(realm.name(), Map.of("eventsEnabled", true));
            realm.user("alice");
            realm.user("bob");
            realm.token("alice");
            realm.token("alice");
            realm.token("bob");
            Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), Fixtures.WEB_CLIENT, null, "bob", "wrong"));
            Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), Fixtures.WEB_CLIENT, null, "nobody", "wrong"));
        }
        Fixtures.await("the live realm's five events captured", () -> Fixtures.count(
                "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?", live.id()) == 5);
        Fixtures.await("the other realm's five events in Keycloak's store", () -> keycloakEvents(past).size() == 5);
    }

    private static List<JsonNode> keycloakEvents(Fixtures.Realm realm) {
        List<JsonNode> out = new ArrayList<>();
        realm.admin().getJson("/admin/realms/" + realm.name() + "/events?type=LOGIN&type=LOGIN_ERROR&max=100").ok("events").json()
                .forEach(out::add);
        return out;
    }

    private static JsonNode get(Fixtures.Realm realm, String path) {
        return realm.admin().getJson("/admin/realms/" + realm.name() + "/org-analytics" + path).ok(path).json();
    }

    private static Http.Response backfill(Fixtures.Realm realm, String query, String token) {
        return Http.send("POST", KeycloakServer.get().baseUrl() + "/admin/realms/" + realm.name() + "/org-analytics/backfill" + query,
                token, null);
    }

    private static JsonNode backfill(Fixtures.Realm realm, String query) {
        Http.Response r = backfill(realm, query, Fixtures.masterAdminToken());
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void backfilledPageByPageTheReportsEqualTheLiveCapture() {
        if (Fixtures.allRealms()) {
            // This pass captures every realm (all-realms): the realm without the listener was captured
            // live too, so its events of the last 5 minutes are left to the listener and none is read.
            JsonNode page = backfill(past, "");
            assertEquals(0, page.path("read").asInt());
            assertTrue(page.path("done").asBoolean());
            assertEquals(3, get(past, "/summary").path("logins").asLong());
            return;
        }
        assertEquals(0, get(past, "/summary").path("logins").asLong(), "nothing captured without the listener");

        // Two events a page: three pages at least, each continuing where the last ended.
        JsonNode page = backfill(past, "?max=2");
        assertEquals(2, page.path("read").asInt());
        assertFalse(page.path("done").asBoolean());
        assertEquals("1970-01-01T00:00:00Z", page.path("from").asText());
        long stored = page.path("stored").asLong();
        int pages = 1;
        while (!page.path("done").asBoolean()) {
            String next = page.path("next").asText();
            page = backfill(past, "?max=2&after=" + next);
            assertEquals(next, page.path("from").asText());
            stored += page.path("stored").asLong();
            assertTrue(++pages < 10, "the backfill moves on");
        }
        assertTrue(page.path("next").isNull());
        assertEquals(5, stored, "three logins and two failed logins, each once");

        JsonNode a = get(live, "/summary");
        JsonNode b = get(past, "/summary");
        for (String field : List.of("logins", "failedLogins", "activeUsers", "dau", "wau", "mau")) {
            assertEquals(a.path(field).asLong(), b.path(field).asLong(), field);
        }
        assertEquals(3, b.path("logins").asLong());
        assertEquals(1, b.path("failedLogins").asLong(), "the unknown user's failure is stored but counts for no user");
        assertEquals(logins(live), logins(past));
        assertEquals(5, get(past, "/logins").path("total").asLong());
        // The users' last login is Keycloak's own event time.
        long aliceLast = keycloakEvents(past).stream().filter(e -> e.path("type").asText().equals("LOGIN")
                && e.path("userId").asText().equals(userId(past, "alice"))).mapToLong(e -> e.path("time").asLong()).max().orElseThrow();
        JsonNode alice = get(past, "/users?search=alice").path("users").get(0);
        assertEquals(aliceLast, Instant.parse(alice.path("lastLoginAt").asText()).toEpochMilli());
        assertEquals(2, alice.path("logins").asLong());

        // Again from the start: everything is stored already.
        JsonNode again = backfill(past, "");
        assertEquals(5, again.path("read").asInt());
        assertEquals(0, again.path("stored").asInt());
        assertEquals(5, again.path("alreadyStored").asInt());
        assertTrue(again.path("done").asBoolean());
        assertEquals(3, get(past, "/summary").path("logins").asLong());
    }

    /** The logins report's rows as username, outcome, error and client, newest first. */
    private static List<String> logins(Fixtures.Realm realm) {
        List<String> out = new ArrayList<>();
        get(realm, "/logins").path("logins").forEach(l -> out.add(l.path("username").asText() + " " + l.path("success").asBoolean()
                + " " + l.path("error").asText() + " " + l.path("clientId").asText()));
        return out;
    }

    private static String userId(Fixtures.Realm realm, String username) {
        return realm.admin().getJson("/admin/realms/" + realm.name() + "/users?exact=true&username=" + username)
                .ok(username).json().get(0).path("id").asText();
    }

    @Test
    void theListenersRecentEventsAreLeftToIt() {
        JsonNode page = backfill(live, "?from=2020-01-01");
        assertEquals(0, page.path("read").asInt());
        assertTrue(page.path("done").asBoolean());
        Instant to = Instant.parse(page.path("to").asText());
        Instant settled = Instant.now().minus(Duration.ofMinutes(5));
        assertTrue(Math.abs(Duration.between(to, settled).toSeconds()) < 60, "five minutes back: " + to);
        assertEquals("2020-01-01T00:00:00Z", page.path("from").asText());
    }

    @Test
    void onlyAdminsWhoManageTheRealmOrItsEventsMayBackfill() {
        Fixtures.Realm guarded = Fixtures.realm("backfill-rights", false);
        String viewer = Fixtures.realmAdmin(guarded, "viewer", "view-org-analytics");
        String eventsViewer = Fixtures.realmAdmin(guarded, "events-viewer", "view-events");
        String eventsManager = Fixtures.realmAdmin(guarded, "events-manager", "manage-events");
        for (String token : List.of(viewer, eventsViewer)) {
            Http.Response refused = backfill(guarded, "", token);
            assertEquals(403, refused.status(), refused.body());
            assertEquals("forbidden", refused.json().path("error").asText());
        }
        assertEquals(200, backfill(guarded, "", eventsManager).status());
        assertEquals(401, backfill(guarded, "", null).status());
    }

    @Test
    void badParametersAreRefusedWithTheirName() {
        for (String query : List.of("?max=0", "?max=50001", "?max=abc", "?after=yesterday", "?from=2026-13-01",
                "?from=2026-01-01&after=2026-01-01T00:00:00Z")) {
            Http.Response r = backfill(past, query, Fixtures.masterAdminToken());
            assertEquals(400, r.status(), query + " -> " + r.body());
            assertEquals("invalid_request", r.json().path("error").asText(), query);
        }
    }
}
