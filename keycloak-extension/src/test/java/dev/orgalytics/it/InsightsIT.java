package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Dormant users and the summary's comparison with the previous range, against the real Keycloak.
 * Accounts of a given age come from Keycloak's own partial import (which keeps a representation's
 * {@code createdTimestamp}); activity from real logins and the action endpoint, one action
 * backdated five days by a recorder (within the default {@code max-age-days} of 7).
 *
 * <pre>
 * user        account age  activity                                  group  organization
 * old-active  100 days     a login now
 * old-acted   100 days     one action 5 days ago (recorded for them)  Team
 * old-failed  100 days     a failed login only
 * old-quiet   100 days     nothing                                    Team
 * mid-quiet    45 days     nothing                                           acme
 * young        new         nothing
 * </pre>
 */
class InsightsIT {

    private static Fixtures.Realm realm;
    private static String api;
    private static Instant acted;

    @BeforeAll
    static void seed() {
        realm = Fixtures.realm("insights");
        api = "/admin/realms/" + realm.name() + "/org-analytics";
        AdminClient admin = realm.admin();
        admin.postJson("/admin/realms/" + realm.name() + "/groups", Map.of("name", "Team")).ok("group");
        long now = System.currentTimeMillis();
        long hundredDays = now - Duration.ofDays(100).toMillis();
        admin.postJson("/admin/realms/" + realm.name() + "/partialImport", Map.of("ifResourceExists", "FAIL", "users", List.of(
                imported("old-active", hundredDays, List.of()), imported("old-acted", hundredDays, List.of("/Team")),
                imported("old-failed", hundredDays, List.of()), imported("old-quiet", hundredDays, List.of("/Team")),
                imported("mid-quiet", now - Duration.ofDays(45).toMillis(), List.of())))).ok("partial import");
        realm.user("young");
        JsonNode imported = admin.getJson("/admin/realms/" + realm.name() + "/users/" + userId("old-quiet")).ok("user").json();
        assertEquals(hundredDays, imported.path("createdTimestamp").asLong(), "the import keeps the account's age");
        Fixtures.enableOrganizations(realm);
        Fixtures.joinOrganization(realm, Fixtures.organization(realm, "Acme", "acme"), userId("mid-quiet"));

        realm.token("old-active");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), Fixtures.WEB_CLIENT, null, "old-failed", "wrong"));
        acted = Instant.ofEpochMilli(now).minus(Duration.ofDays(5));
        Http.Response r = Http.send("POST", realm.actionsUrl(), Fixtures.recorderToken(realm, "backend"), Map.of("actions", List.of(
                Map.of("action", "profile_viewed", "occurredAt", acted.toString(), "userId", userId("old-acted")))));
        assertEquals(202, r.status(), r.body());
        Fixtures.await("both logins stored", () -> Fixtures.count(
                "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR')", realm.id()) == 2);
    }

    private static Map<String, Object> imported(String username, long createdAt, List<String> groups) {
        // The profile AdminClient.createUser fills too: without it Keycloak asks the user to complete it at login.
        return Map.of("username", username, "enabled", true, "createdTimestamp", createdAt, "groups", groups,
                "email", username + "@example.test", "emailVerified", true, "firstName", "Test", "lastName", username,
                "credentials", List.of(Map.of("type", "password", "value", Fixtures.PASSWORD, "temporary", false)));
    }

    private static String userId(String username) {
        return realm.admin().getJson("/admin/realms/" + realm.name() + "/users?exact=true&username=" + username)
                .ok(username).json().get(0).path("id").asText();
    }

    private static JsonNode get(String pathAndQuery) {
        return realm.admin().getJson(api + pathAndQuery).ok(pathAndQuery).json();
    }

    @Test
    void dormantUsersNeverActiveFirstThenTheLongestQuiet() {
        JsonNode three = get("/insights/dormant?days=3");
        assertEquals(List.of("mid-quiet", "old-failed", "old-quiet", "old-acted"), JsonLists.usernames(three.path("users")),
                "young is too new, old-active logged in now");
        assertEquals(4, three.path("total").asLong());
        assertEquals(3, three.path("days").asInt());
        JsonNode oldActed = three.path("users").get(3);
        assertEquals(userId("old-acted"), oldActed.path("id").asText());
        assertEquals(acted.toEpochMilli(), Instant.parse(oldActed.path("lastActionAt").asText()).toEpochMilli());
        assertEquals(oldActed.path("lastActionAt"), oldActed.path("lastActiveAt"));
        assertTrue(oldActed.path("lastLoginAt").isNull());
        assertTrue(oldActed.path("neverLoggedIn").asBoolean(), "actions recorded for a user are not a login");
        assertEquals(List.of("/Team"), JsonLists.texts(oldActed.path("groups")));
        JsonNode failed = three.path("users").get(1);
        assertTrue(failed.path("lastActiveAt").isNull() && failed.path("neverLoggedIn").asBoolean(), "a failed login is no activity");

        // Default 30 days: old-acted's action five days ago counts.
        JsonNode thirty = get("/insights/dormant");
        assertEquals(List.of("mid-quiet", "old-failed", "old-quiet"), JsonLists.usernames(thirty.path("users")));
        assertEquals(30, thirty.path("days").asInt());
        assertEquals(LocalDate.now(ZoneOffset.UTC).minusDays(30).toString(), thirty.path("from").asText());
        // 60 days: mid-quiet's account is 45 days old.
        assertEquals(List.of("old-failed", "old-quiet"), JsonLists.usernames(get("/insights/dormant?days=60").path("users")));

        JsonNode page = get("/insights/dormant?days=3&first=1&max=2");
        assertEquals(List.of("old-failed", "old-quiet"), JsonLists.usernames(page.path("users")));
        assertEquals(4, page.path("total").asLong());
        assertEquals(List.of("old-quiet", "old-acted"), JsonLists.usernames(get("/insights/dormant?days=3&group=/Team").path("users")));
        assertEquals(List.of("mid-quiet"), JsonLists.usernames(get("/insights/dormant?days=3&organization=acme").path("users")));
        assertEquals(List.of("old-failed"), JsonLists.usernames(get("/insights/dormant?days=3&search=FAILED").path("users")));
        JsonNode narrow = get("/insights/dormant?days=3&columns=username,neverLoggedIn").path("users").get(0);
        assertEquals(List.of("username", "neverLoggedIn"), JsonLists.fields(narrow));
    }

    @Test
    void dormantUsersAsCsvEqualTheJson() throws Exception {
        Http.Response r = Http.send("GET", KeycloakServer.get().baseUrl() + api + "/insights/dormant?days=3&format=csv&max=1",
                Fixtures.masterAdminToken(), null);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains(realm.name() + "-dormant-"));
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.body())).getRecords();
        JsonNode json = get("/insights/dormant?days=3").path("users");
        assertEquals(4, rows.size(), "max is ignored by exports");
        List<String> header = rows.get(0).getParser().getHeaderNames();
        assertEquals(JsonLists.fields(json.get(0)), header);
        for (int i = 0; i < rows.size(); i++) {
            for (String column : header) {
                JsonNode cell = json.get(i).path(column);
                String expected = cell.isNull() ? "" : cell.isArray() ? String.join("; ", JsonLists.texts(cell)) : cell.asText();
                assertEquals(expected, rows.get(i).get(column), "row " + i + " " + column);
            }
        }
    }

    /**
     * The summary's dormant counts as of now, equal to the list's totals: for 30 days mid-quiet,
     * old-failed and old-quiet; for 60 and 90 days the last two. Never active: those three and young.
     */
    @Test
    void summaryCountsDormantUsersAsOfNow() {
        JsonNode s = get("/summary");
        assertEquals(3, s.path("dormant30").asLong());
        assertEquals(2, s.path("dormant60").asLong());
        assertEquals(2, s.path("dormant90").asLong());
        assertEquals(4, s.path("neverActive").asLong());
        for (int days : new int[] {30, 60, 90}) {
            assertEquals(s.path("dormant" + days).asLong(), get("/insights/dormant?days=" + days).path("total").asLong(), days + " days");
        }
        // As of now whatever the range, and for an organization's members now.
        assertEquals(3, get("/summary?from=2026-01-01&to=2026-01-31").path("dormant30").asLong());
        JsonNode acme = get("/summary?organization=acme");
        assertEquals(List.of(1L, 0L, 0L, 1L), List.of(acme.path("dormant30").asLong(), acme.path("dormant60").asLong(),
                acme.path("dormant90").asLong(), acme.path("neverActive").asLong()));
        assertEquals(1, get("/summary?group=/Team").path("dormant90").asLong(), "old-quiet; old-acted acted five days ago");
        assertTrue(s.path("previous").isMissingNode(), "no comparison unless asked");
    }

    /** The last five days against the five before them, which hold old-acted's action. */
    @Test
    void summaryComparedWithThePreviousRange() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode s = get("/summary?from=" + today.minusDays(4) + "&to=" + today + "&compare=previous");
        assertEquals(1, s.path("logins").asLong());
        assertEquals(1, s.path("failedLogins").asLong());
        assertEquals(0, s.path("actions").asLong());
        JsonNode p = s.path("previous");
        assertEquals(today.minusDays(9).toString(), p.path("from").asText());
        assertEquals(today.minusDays(5).toString(), p.path("to").asText());
        assertEquals(List.of("from", "to", "newUsers", "activeUsers", "dau", "wau", "mau", "logins", "failedLogins", "actions",
                "actionsByType"), JsonLists.fields(p));
        assertEquals(1, p.path("actions").asLong());
        assertEquals(1, p.path("activeUsers").asLong());
        assertEquals(0, p.path("logins").asLong());
        assertEquals(0, p.path("newUsers").asLong());
        assertEquals(1, p.path("actionsByType").path("profile_viewed").asLong());
        assertEquals(1, p.path("dau").asLong(), "old-acted on the previous range's last day");
        // The default 30 days against the 30 before: mid-quiet's account was created then.
        JsonNode month = get("/summary?compare=previous").path("previous");
        assertEquals(1, month.path("newUsers").asLong());
        assertEquals(0, month.path("actions").asLong());
    }

    @Test
    void badParametersAnswer400() {
        for (String bad : List.of("/insights/dormant?days=0", "/insights/dormant?days=3651", "/insights/dormant?days=abc",
                "/insights/dormant?group=/Nope", "/insights/dormant?organization=nope", "/insights/dormant?columns=roles",
                "/insights/dormant?max=1001", "/summary?compare=next")) {
            Http.Response r = realm.admin().getJson(api + bad);
            assertEquals(400, r.status(), bad + " -> " + r.body());
            assertEquals("invalid_request", r.json().path("error").asText(), bad);
        }
        assertEquals("'days' must be between 1 and 3650",
                realm.admin().getJson(api + "/insights/dormant?days=3651").json().path("message").asText());
        assertEquals("'compare' must be previous", realm.admin().getJson(api + "/summary?compare=next").json().path("message").asText());
        assertEquals(200, realm.admin().getJson(api + "/summary?compare=").status(), "an empty compare is no comparison");
    }

    /** On a realm of its own: the admins it creates log in, which would change the counts above. */
    @Test
    void permissions() {
        Fixtures.Realm guarded = Fixtures.realm("insights-perm");
        String base = KeycloakServer.get().baseUrl() + "/admin/realms/" + guarded.name() + "/org-analytics";
        assertEquals(401, Http.send("GET", base + "/insights/dormant", null, null).status());
        String viewUsers = Fixtures.realmAdmin(guarded, "only-view-users", "view-users");
        String analyst = Fixtures.realmAdmin(guarded, "analyst", "view-org-analytics");
        String totals = Fixtures.realmAdmin(guarded, "dash", "view-org-analytics-totals");
        String events = Fixtures.realmAdmin(guarded, "only-view-events", "view-events");
        for (String p : List.of("/insights/dormant", "/insights/dormant?format=csv")) {
            assertEquals(200, Http.send("GET", base + p, viewUsers, null).status(), p);
            assertEquals(200, Http.send("GET", base + p, analyst, null).status(), p);
            Http.Response refused = Http.send("GET", base + p, totals, null);
            assertEquals(403, refused.status(), p + " -> " + refused.body());
            assertEquals(403, Http.send("GET", base + p, events, null).status(), p);
        }
        // The comparison is totals: the totals role reads it.
        Http.Response compared = Http.send("GET", base + "/summary?compare=previous", totals, null);
        assertEquals(200, compared.status(), compared.body());
        assertTrue(compared.json().path("previous").isObject());
        assertEquals(0, compared.json().path("dormant30").asLong(), "every account of the realm is new");
    }
}
