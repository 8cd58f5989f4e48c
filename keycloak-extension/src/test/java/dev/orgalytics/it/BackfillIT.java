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
 * without the listener: there the backfill leaves everything to it. The same backfill with the
 * events in its body: exact reports from generated history, Keycloak's own events as its admin API
 * exports them stored as the store path would, and bad bodies refused whole.
 */
class BackfillIT {

    private static Fixtures.Realm live;
    private static Fixtures.Realm past;

    @BeforeAll
    static void seed() {
        live = Fixtures.realm("backfill-live", true);
        past = Fixtures.realm("backfill-past", false);
        for (Fixtures.Realm realm : List.of(live, past)) {
            fiveEvents(realm);
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

    /**
     * With Keycloak's "Save events" on: alice logs in twice, bob once, bob fails once and an unknown
     * username fails once (a failed login without a user).
     */
    private static void fiveEvents(Fixtures.Realm realm) {
        realm.admin().updateRealm(realm.name(), Map.of("eventsEnabled", true));
        realm.user("alice");
        realm.user("bob");
        realm.token("alice");
        realm.token("alice");
        realm.token("bob");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), Fixtures.WEB_CLIENT, null, "bob", "wrong"));
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), Fixtures.WEB_CLIENT, null, "nobody", "wrong"));
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

    private static Http.Response backfillBody(Fixtures.Realm realm, String query, Object events) {
        return Http.send("POST", KeycloakServer.get().baseUrl() + "/admin/realms/" + realm.name() + "/org-analytics/backfill" + query,
                Fixtures.masterAdminToken(), events);
    }

    private static Map<String, Object> event(String id, Instant time, String type, String userId, String error) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("id", id);
        e.put("time", time.toEpochMilli());
        e.put("type", type);
        e.put("clientId", Fixtures.WEB_CLIENT);
        e.put("userId", userId);
        e.put("ipAddress", "192.0.2.7");
        e.put("error", error);
        e.put("details", Map.of("username", "someone", "auth_method", "openid-connect"));
        return e;
    }

    @Test
    void historyInTheBodyIsStoredOnceWithExactReports() {
        Fixtures.Realm realm = Fixtures.realm("backfill-body", false);
        String ann = realm.user("ann");
        String ben = realm.user("ben");
        realm.user("cat"); // never logs in
        String foreign = userId(live, "alice");
        Instant today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant annLast = today.minus(Duration.ofDays(1)).plus(Duration.ofHours(9));
        List<Map<String, Object>> history = List.of(
                event("body-1", today.minus(Duration.ofDays(3)).plus(Duration.ofHours(10)), "LOGIN", ann, null),
                event("body-2", today.minus(Duration.ofDays(2)).plus(Duration.ofHours(8)), "LOGIN_ERROR", ben, "invalid_user_credentials"),
                event("body-3", today.minus(Duration.ofDays(2)).plus(Duration.ofHours(8)).plusSeconds(20), "LOGIN", ben, null),
                event("body-4", annLast, "LOGIN", ann, null),
                event("body-5", annLast.plusSeconds(5), "LOGIN_ERROR", null, "user_not_found"));

        // A bad event refuses the whole request: the good ones before it are not stored either.
        List<Map<String, Object>> withForeign = new ArrayList<>(history);
        withForeign.add(event("body-6", annLast, "LOGIN", foreign, null));
        Http.Response refused = backfillBody(realm, "", withForeign);
        assertEquals(400, refused.status(), refused.body());
        assertEquals("invalid_request", refused.json().path("error").asText());
        assertEquals(5, refused.json().path("details").get(0).path("index").asInt(), refused.body());
        assertEquals("userId", refused.json().path("details").get(0).path("field").asText(), refused.body());
        Http.Response tooOld = backfillBody(realm, "", List.of(history.get(0),
                event("body-7", Instant.now().minus(Duration.ofDays(9)), "LOGIN", ann, null)));
        assertEquals(400, tooOld.status(), tooOld.body());
        assertEquals(1, tooOld.json().path("details").get(0).path("index").asInt(), tooOld.body());
        assertEquals(400, backfillBody(realm, "?max=10", history).status(), "paging belongs to the event store");
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?", realm.id()), "nothing stored");

        Http.Response first = backfillBody(realm, "", history);
        assertEquals(200, first.status(), first.body());
        JsonNode page = first.json();
        assertEquals(5, page.path("read").asInt());
        assertEquals(5, page.path("stored").asInt());
        assertEquals(0, page.path("alreadyStored").asInt());
        assertTrue(page.path("done").asBoolean());
        assertTrue(page.path("next").isNull());
        assertEquals(today.minus(Duration.ofDays(3)).plus(Duration.ofHours(10)).toString(), page.path("from").asText());

        String range = "?from=" + today.minus(Duration.ofDays(6)).toString().substring(0, 10) + "&to="
                + today.toString().substring(0, 10) + "&tz=UTC";
        JsonNode summary = get(realm, "/summary" + range);
        assertEquals(3, summary.path("logins").asLong(), summary.toString());
        assertEquals(1, summary.path("failedLogins").asLong(), "the unknown username's failure counts for no user: " + summary);
        assertEquals(2, summary.path("activeUsers").asLong(), summary.toString());
        assertEquals(3, summary.path("totalUsers").asLong(), summary.toString());
        assertEquals(5, get(realm, "/logins" + range).path("total").asLong());
        JsonNode annRow = get(realm, "/users?search=ann").path("users").get(0);
        assertEquals(2, annRow.path("logins").asLong(), annRow.toString());
        assertEquals(annLast, java.time.OffsetDateTime.parse(annRow.path("lastLoginAt").asText()).toInstant());
        JsonNode catRow = get(realm, "/users?search=cat").path("users").get(0);
        assertEquals(0, catRow.path("logins").asLong(), catRow.toString());

        // Again: every event is found stored, nothing changes.
        JsonNode again = backfillBody(realm, "", history).ok("again").json();
        assertEquals(5, again.path("read").asInt());
        assertEquals(0, again.path("stored").asInt());
        assertEquals(5, again.path("alreadyStored").asInt());
        JsonNode after = get(realm, "/summary" + range);
        for (String field : List.of("logins", "failedLogins", "activeUsers")) {
            assertEquals(summary.path(field).asLong(), after.path(field).asLong(), field);
        }
    }

    @Test
    void keycloaksOwnExportInTheBodyEqualsTheStorePath() {
        Fixtures.Realm realm = Fixtures.realm("backfill-export", false);
        fiveEvents(realm);
        Fixtures.await("five events in Keycloak's store", () -> keycloakEvents(realm).size() == 5);
        // Exactly what Keycloak's admin events API answered, sent back as it came.
        String exported = realm.admin().getJson("/admin/realms/" + realm.name() + "/events?type=LOGIN&type=LOGIN_ERROR&max=100")
                .ok("events").body();
        if (Fixtures.allRealms()) {
            // Captured live on this pass: the events are minutes old, so they are the listener's.
            Fixtures.await("captured live", () -> Fixtures.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?", realm.id()) == 5);
            Http.Response r = backfillBody(realm, "", exported);
            assertEquals(400, r.status(), r.body());
            assertTrue(r.json().path("details").get(0).path("message").asText().contains("last 5 minutes"), r.body());
            assertEquals(5, Fixtures.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?", realm.id()));
            return;
        }
        JsonNode page = backfillBody(realm, "", exported).ok("body").json();
        assertEquals(5, page.path("read").asInt());
        assertEquals(5, page.path("stored").asInt());
        JsonNode a = get(live, "/summary");
        JsonNode b = get(realm, "/summary");
        for (String field : List.of("logins", "failedLogins", "activeUsers", "dau", "wau", "mau")) {
            assertEquals(a.path(field).asLong(), b.path(field).asLong(), field);
        }
        assertEquals(logins(live), logins(realm));
        // The store path reads the same events and finds every one stored: same ids, same rows.
        JsonNode store = backfill(realm, "");
        assertEquals(5, store.path("read").asInt());
        assertEquals(0, store.path("stored").asInt());
        assertEquals(5, store.path("alreadyStored").asInt());
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
