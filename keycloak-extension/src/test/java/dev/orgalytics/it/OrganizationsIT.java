package dev.orgalytics.it;

import static dev.orgalytics.it.Fixtures.await;
import static dev.orgalytics.it.Fixtures.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Keycloak organizations against the real server: logins and actions are attributed to the
 * organizations their user is a member of when they happen (a later leave keeps history), an action
 * may name its organization or take it from the token's {@code organization} claim, and the actions
 * and logins reports filter by organization in JSON and CSV. One realm is seeded once; the tests read it.
 *
 * <pre>
 * alice  Acme and Globex   login 1 (acme+globex), login 2 asking scope=organization:globex (globex only);
 *                           actions a1 (both), a2 (named globex),
 *                           a3 (named Acme's id), a4 (token claims globex: globex only)
 * bob    Globex            login 3, failed login 4 (globex)
 * carol  none              login 5, action a5 (none)
 * dave   Acme, then left   login 6 and action a6 (acme), then login 7 (none)
 * Initech: no members, no activity
 * </pre>
 */
class OrganizationsIT {

    private static Fixtures.Realm realm;
    private static String api;
    private static String acme, globex, alice, bob, carol, dave;
    /** Bob's token of his one login: the tests make no further logins, the login counts stay exact. */
    private static String bobToken;

    @BeforeAll
    static void seed() {
        realm = Fixtures.realm("orgs");
        api = "/admin/realms/" + realm.name() + "/org-analytics";
        AdminClient admin = realm.admin();
        Fixtures.enableOrganizations(realm);
        acme = organization("Acme Inc", "acme");
        globex = organization("Globex", "globex");
        organization("Initech", "initech");
        alice = realm.user("alice");
        bob = realm.user("bob");
        carol = realm.user("carol");
        dave = realm.user("dave");
        join(acme, alice);
        join(globex, alice);
        join(globex, bob);
        join(acme, dave);
        // The client scope that puts the organization claim into tokens, requested by scope=organization:<alias>.
        String scope = null;
        for (JsonNode s : admin.getJson("/admin/realms/" + realm.name() + "/client-scopes").ok("scopes").json()) {
            if (s.path("name").asText().equals("organization")) {
                scope = s.path("id").asText();
            }
        }
        String web = admin.getJson("/admin/realms/" + realm.name() + "/clients?clientId=web").ok("web").json().get(0).path("id").asText();
        admin.putJson("/admin/realms/" + realm.name() + "/clients/" + web + "/optional-client-scopes/" + scope, null)
                .ok("organization scope on web");

        String aliceToken = realm.token("alice");                                       // login 1
        String aliceGlobexToken = tokenWithScope("alice", "organization:globex");       // login 2, Globex's only
        JsonNode claim = claims(aliceGlobexToken).path("organization");
        assertEquals("globex", claim.isArray() ? claim.get(0).asText() : claim.fieldNames().next(), claim.toString());
        assertEquals(1, claim.size(), claim.toString());
        bobToken = realm.token("bob");                                                    // login 3
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "bob", "wrong"));   // 4
        String carolToken = realm.token("carol");                                       // login 5
        String daveToken = realm.token("dave");                                         // login 6

        accepted(aliceToken, Map.of("action", "a1"));
        accepted(aliceToken, Map.of("action", "a2", "organization", "globex"));
        accepted(aliceToken, Map.of("action", "a3", "organization", acme));
        accepted(aliceGlobexToken, Map.of("action", "a4"));
        accepted(carolToken, Map.of("action", "a5"));
        accepted(daveToken, Map.of("action", "a6"));

        admin.delete("/admin/realms/" + realm.name() + "/organizations/" + acme + "/members/" + dave).ok("dave leaves acme");
        realm.token("dave");                                                              // login 7
        await("seven logins", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND EVENT_TYPE IN"
                + " ('LOGIN', 'LOGIN_ERROR')", realm.id()) == 7);
    }

    @Test
    void actionsAreAttributedWhenReceivedAndFilteredByIdOrAlias() {
        assertEquals(6, get("/actions").path("total").asLong());
        assertEquals(List.of("a1", "a3", "a6"), actions(get("/actions?organization=acme")));
        assertEquals(List.of("a1", "a3", "a6"), actions(get("/actions?organization=" + acme)));
        assertEquals(List.of("a1", "a2", "a4"), actions(get("/actions?organization=globex")));
        assertEquals(3, get("/actions?organization=globex").path("total").asLong());
        JsonNode page = get("/actions?organization=globex&max=2");
        assertEquals(3, page.path("total").asLong());
        assertEquals(2, page.path("actions").size());
        assertEquals(List.of("a1"), actions(get("/actions?organization=globex&action=a1")));
        assertEquals(0, get("/actions?organization=acme&user=carol").path("total").asLong());
        // Where the attributions are stored: a1, in both organizations, as a row per organization; the
        // four of one organization in their own rows; carol's a5 in none.
        assertEquals(2, count("SELECT COUNT(*) FROM OA_ACTION_ORG WHERE REALM_ID = ?", realm.id()));
        assertEquals(4, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ? AND ORG_ID IS NOT NULL", realm.id()));
    }

    @Test
    void loginsKeepTheMembershipsOfTheirTime() {
        assertEquals(7, get("/logins").path("total").asLong());
        // Alice's second login asked for Globex (an organization-scoped login): Globex's only.
        JsonNode acmeLogins = get("/logins?organization=acme");
        assertEquals(2, acmeLogins.path("total").asLong());
        assertEquals(List.of("alice", "dave"), sortedUsernames(acmeLogins.path("logins")));
        JsonNode globexLogins = get("/logins?organization=globex");
        assertEquals(4, globexLogins.path("total").asLong());
        assertEquals(List.of("alice", "alice", "bob", "bob"), sortedUsernames(globexLogins.path("logins")));
        assertEquals(1, get("/logins?organization=globex&outcome=failure").path("total").asLong());
        // Dave left Acme: his later login is in no organization, his earlier one still in Acme.
        assertEquals(1, get("/logins?organization=acme&user=dave").path("total").asLong());
        assertEquals(2, get("/logins?user=dave").path("total").asLong());
    }

    @Test
    void csvExportsCarryTheFilter() throws Exception {
        List<CSVRecord> rows = csv("/actions?format=csv&organization=globex");
        assertEquals(3, rows.size());
        TreeSet<String> names = new TreeSet<>();
        rows.forEach(r -> names.add(r.get("action")));
        assertEquals(new TreeSet<>(List.of("a1", "a2", "a4")), names);
        List<CSVRecord> logins = csv("/logins?format=csv&organization=acme");
        assertEquals(2, logins.size());
        assertTrue(logins.stream().allMatch(r -> List.of("alice", "dave").contains(r.get("username"))), logins.toString());
    }

    @Test
    void organizationsReportHasEveryOrganizationWithItsAttributedActivity() throws Exception {
        JsonNode r = get("/organizations");
        assertEquals(3, r.path("total").asLong());
        // alias members activeMembers logins failedLogins actions; sorted by name (Acme Inc, Globex, Initech).
        assertEquals(List.of("acme 1 2 2 0 3", "globex 2 2 3 1 3", "initech 0 0 0 0 0"), summaries(r.path("organizations")));
        // New members of the range: Alice in both, Bob in Globex; Dave joined Acme and left, so he is not one.
        List<Long> joined = new ArrayList<>();
        r.path("organizations").forEach(o -> joined.add(o.path("newMembers").asLong()));
        assertEquals(List.of(1L, 2L, 0L), joined);
        assertEquals(3, count("SELECT COUNT(*) FROM OA_ORG_MEMBER WHERE REALM_ID = ?", realm.id()));
        assertEquals("globex", get("/organizations?sort=newMembers&order=desc&max=1").path("organizations").get(0).path("alias").asText());
        assertEquals(0, get("/organizations?from=2020-01-01&to=2020-01-31").path("organizations").get(1).path("newMembers").asLong());
        assertTrue(r.path("organizations").get(0).path("lastActivityAt").isTextual(), r.toString());
        assertTrue(r.path("organizations").get(2).path("lastActivityAt").isNull(), r.toString());
        assertEquals(acme, r.path("organizations").get(0).path("id").asText());
        assertEquals("Acme Inc", r.path("organizations").get(0).path("name").asText());
        assertEquals(List.of("globex 2 2 3 1 3"), summaries(get("/organizations?sort=failedLogins&order=desc&max=1").path("organizations")));
        assertEquals(List.of("initech 0 0 0 0 0"), summaries(get("/organizations?sort=lastActivityAt").path("organizations")).subList(0, 1));
        JsonNode search = get("/organizations?search=GLOB");
        assertEquals(1, search.path("total").asLong());
        assertEquals(List.of("globex 2 2 3 1 3"), summaries(search.path("organizations")));

        List<CSVRecord> rows = csv("/organizations?format=csv&sort=alias");
        assertEquals(List.of("acme", "globex", "initech"), rows.stream().map(x -> x.get("alias")).toList());
        assertEquals("3", rows.get(1).get("actions"));
        assertEquals("1", rows.get(1).get("failedLogins"));
        assertEquals("", rows.get(2).get("lastActivityAt"));

        Http.Response bad = realm.admin().getJson(api + "/organizations?sort=size");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().path("message").asText().contains("sort"), bad.body());
    }

    @Test
    void oneOrganizationByAliasOrIdWithActionsByTypeAndDays() {
        JsonNode byAlias = get("/organizations/acme");
        assertEquals(List.of("acme 1 2 2 0 3"), summaries(Http.JSON.createArrayNode().add(byAlias)));
        assertEquals(Map.of("a1", 1, "a3", 1, "a6", 1), Http.JSON.convertValue(byAlias.path("actionsByType"), Map.class));
        assertEquals(30, byAlias.path("daily").size());
        long logins = 0, actions = 0;
        for (JsonNode day : byAlias.path("daily")) {
            logins += day.path("logins").asLong();
            actions += day.path("actions").asLong();
        }
        assertEquals(2, logins);
        assertEquals(3, actions);
        assertEquals(byAlias.path("actionsByType"), get("/organizations/" + acme).path("actionsByType"));
        Http.Response unknown = realm.admin().getJson(api + "/organizations/nope");
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("not_found", unknown.json().path("error").asText());
    }

    /**
     * Deleting an organization keeps what was attributed to it (history of its users, who still count
     * in the realm) but it can no longer be asked for; deleting the user, then the realm, removes the rows.
     */
    @Test
    void deletingTheOrganizationKeepsItsRowsDeletingTheUserOrRealmRemovesThem() {
        Fixtures.Realm other = Fixtures.realm("orgs-lifecycle");
        Fixtures.enableOrganizations(other);
        String org = Fixtures.organization(other, "Temp", "temp");
        String user = other.user("tess");
        Fixtures.joinOrganization(other, org, user);
        String token = other.token("tess");
        assertEquals(202, Http.send("POST", other.actionsUrl(), token, Map.of("action", "kept")).status());
        await("the login's attribution", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT_ORG WHERE REALM_ID = ?", other.id()) == 1);
        assertEquals(1, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ? AND ORG_ID = ?", other.id(), org));

        other.admin().delete("/admin/realms/" + other.name() + "/organizations/" + org).ok("delete organization");
        assertEquals(1, count("SELECT COUNT(*) FROM OA_LOGIN_EVENT_ORG WHERE REALM_ID = ? AND ORG_ID = ?", other.id(), org));
        assertEquals(1, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ? AND ORG_ID = ?", other.id(), org));
        String reports = "/admin/realms/" + other.name() + "/org-analytics";
        assertEquals(404, other.admin().getJson(reports + "/organizations/" + org).status());
        assertEquals(400, other.admin().getJson(reports + "/actions?organization=" + org).status());
        assertEquals(0, other.admin().getJson(reports + "/organizations").ok("organizations").json().path("total").asLong());

        // Its roll-ups stay too: they are the same history, summed.
        assertEquals(2, count("SELECT SUM(LOGINS) + SUM(ACTIONS) FROM OA_ORG_USER_ACTIVITY_DAY WHERE REALM_ID = ? AND ORG_ID = ?",
                other.id(), org));

        other.admin().deleteUser(other.name(), user);
        assertEquals(0, count("SELECT COUNT(*) FROM OA_LOGIN_EVENT_ORG WHERE REALM_ID = ?", other.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM OA_ORG_USER_ACTIVITY WHERE REALM_ID = ?", other.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM OA_ORG_USER_ACTION_COUNT_MONTH WHERE REALM_ID = ?", other.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", other.id()));

        // A realm's deletion removes the attribution rows with every other row of it.
        String last = other.user("lee");
        Fixtures.joinOrganization(other, Fixtures.organization(other, "Last", "last"), last);
        other.token("lee");
        await("lee's attribution", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT_ORG WHERE REALM_ID = ?", other.id()) == 1);
        other.admin().deleteRealm(other.name());
        assertEquals(0, count("SELECT COUNT(*) FROM OA_LOGIN_EVENT_ORG WHERE REALM_ID = ?", other.id()));
        assertEquals(0, Fixtures.rowsOfRealm(other.id()));
    }

    @Test
    void leaderboardByOrganization() throws Exception {
        JsonNode actions = get("/leaderboard?by=organization&period=custom&metric=actions");
        assertEquals("organization", actions.path("by").asText());
        // Three actions each: a tie, listed by name.
        assertEquals(List.of("1 acme 3", "1 globex 3"), ranks(actions));
        assertEquals(List.of("1 globex 1"), ranks(get("/leaderboard?by=organization&period=custom&metric=a2")));
        assertEquals(List.of("1 globex 1"), ranks(get("/leaderboard?by=organization&period=custom&metric=a4")));
        assertEquals(List.of("1 globex 3", "2 acme 2"), ranks(get("/leaderboard?by=organization&period=custom&metric=logins")));
        List<CSVRecord> rows = csv("/leaderboard?by=organization&period=custom&metric=a1&format=csv");
        assertEquals(List.of("acme", "globex"), rows.stream().map(r -> r.get("alias")).toList());
        assertEquals("1", rows.get(1).get("score"));
        Http.Response bad = realm.admin().getJson(api + "/leaderboard?by=team");
        assertEquals(400, bad.status(), bad.body());
        assertEquals(400, realm.admin().getJson(api + "/leaderboard?by=organization&group=/x").status());
    }

    /**
     * The summary and usage of an organization: its members now, and what was attributed to it when
     * it happened (Dave's login and action in Acme count, though he left), read from its roll-ups.
     */
    @Test
    void summaryAndUsageCountWhatWasAttributed() throws Exception {
        JsonNode acmeSummary = get("/summary?organization=acme");
        // totalUsers enabledUsers newUsers activeUsers dau wau mau logins failedLogins actions
        assertEquals("1 1 1 2 2 2 2 2 0 3", counts(acmeSummary));
        assertEquals(Map.of("a1", 1, "a3", 1, "a6", 1), Http.JSON.convertValue(acmeSummary.path("actionsByType"), Map.class));
        assertEquals(counts(acmeSummary), counts(get("/summary?organization=" + acme)));
        assertEquals("2 2 2 2 2 2 2 3 1 3", counts(get("/summary?organization=globex")));
        assertEquals("0 0 0 0 0 0 0 0 0 0", counts(get("/summary?organization=initech")));
        // The realm: six successful logins, one failed, six actions.
        assertEquals("4 4 4 4 4 4 4 6 1 6", counts(get("/summary")));
        // The roll-up rows themselves: Acme's two logins in its month row.
        assertEquals(2, count("SELECT SUM(LOGINS) FROM OA_ORG_USER_ACTIVITY_MONTH WHERE REALM_ID = ? AND ORG_ID = ?", realm.id(), acme));

        JsonNode usage = get("/usage?organization=globex&interval=day");
        long logins = 0, failed = 0, actions = 0;
        for (JsonNode bucket : usage.path("buckets")) {
            logins += bucket.path("logins").asLong();
            failed += bucket.path("failedLogins").asLong();
            actions += bucket.path("actions").asLong();
        }
        assertEquals(List.of(3L, 1L, 3L), List.of(logins, failed, actions));
        JsonNode today = usage.path("buckets").get(usage.path("buckets").size() - 1);
        assertEquals(2, today.path("activeUsers").asLong(), today.toString());
        List<CSVRecord> rows = csv("/usage?organization=acme&interval=day&format=csv");
        assertEquals(3, rows.stream().mapToLong(r -> Long.parseLong(r.get("actions"))).sum());
        assertEquals("1", rows.get(rows.size() - 1).get("action:a6"));

        for (String report : List.of("/summary", "/usage")) {
            Http.Response bad = realm.admin().getJson(api + report + "?organization=nope");
            assertEquals(400, bad.status(), bad.body());
            assertTrue(bad.json().path("message").asText().contains("nope"), bad.body());
        }
    }

    /** A user's detail with an organization: only its members now, with their whole activity. */
    @Test
    void oneUserOfAnOrganization() {
        JsonNode aliceInAcme = get("/users/" + alice + "?organization=acme");
        assertEquals("alice", aliceInAcme.path("username").asText(), aliceInAcme.toString());
        assertEquals(2, aliceInAcme.path("logins").asLong());
        assertEquals(4, aliceInAcme.path("actions").asLong());
        assertEquals("bob", get("/users/" + bob + "?organization=" + globex).path("username").asText());
        for (String path : List.of("/users/" + dave + "?organization=acme", "/users/" + bob + "?organization=acme")) {
            Http.Response r = realm.admin().getJson(api + path);
            assertEquals(404, r.status(), r.body());
            assertEquals("not_found", r.json().path("error").asText());
        }
        assertEquals(400, realm.admin().getJson(api + "/users/" + alice + "?organization=nope").status());
    }

    private static String counts(JsonNode summary) {
        List<String> out = new ArrayList<>();
        for (String f : List.of("totalUsers", "enabledUsers", "newUsers", "activeUsers", "dau", "wau", "mau", "logins", "failedLogins", "actions")) {
            out.add(summary.path(f).asText());
        }
        return String.join(" ", out);
    }

    /** The people reports' filter keeps the organization's members now: Dave left Acme. */
    @Test
    void peopleReportsListTheMembersNow() {
        assertEquals(List.of("alice"), sortedUsernames(get("/users?organization=acme").path("users")));
        assertEquals(List.of("alice", "bob"), sortedUsernames(get("/users?organization=" + globex).path("users")));
        assertEquals(2, get("/users?organization=globex").path("total").asLong());
        JsonNode top = get("/leaderboard?organization=globex&period=custom&metric=actions").path("entries");
        assertEquals(List.of("alice"), sortedUsernames(top));
        assertEquals(4, top.get(0).path("score").asLong());
        assertEquals(List.of("alice"), sortedUsernames(get("/insights/stalled?did=a1&without=a5&organization=acme").path("users")));
        assertEquals(0, get("/insights/stalled?did=a5&without=a1&organization=acme").path("users").size());
        assertEquals(400, realm.admin().getJson(api + "/users?organization=nope").status());
        assertEquals(400, realm.admin().getJson(api + "/leaderboard?by=organization&organization=acme").status());
    }

    private static List<String> ranks(JsonNode leaderboard) {
        List<String> out = new ArrayList<>();
        leaderboard.path("organizations").forEach(o -> out.add(o.path("rank").asInt() + " " + o.path("alias").asText() + " "
                + o.path("score").asLong()));
        return out;
    }

    private static List<String> summaries(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(o -> out.add(o.path("alias").asText() + " " + o.path("members").asLong() + " " + o.path("activeMembers").asLong()
                + " " + o.path("logins").asLong() + " " + o.path("failedLogins").asLong() + " " + o.path("actions").asLong()));
        return out;
    }

    @Test
    void badOrganizationsAreRefusedWithNothingStored() {
        long before = count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id());
        // Bob is not in Acme.
        Http.Response notMember = Http.send("POST", realm.actionsUrl(), bobToken, Map.of("action", "x1", "organization", "acme"));
        assertEquals(400, notMember.status(), notMember.body());
        assertEquals("invalid_request", notMember.json().path("error").asText());
        assertEquals("organization", notMember.json().path("details").get(0).path("field").asText());
        assertTrue(notMember.json().path("message").asText().contains("not a member"), notMember.body());
        // A batch with one bad item stores none of it.
        Http.Response unknown = Http.send("POST", realm.actionsUrl(), bobToken, Map.of("actions", List.of(
                Map.of("action", "x2", "organization", "globex"), Map.of("action", "x3", "organization", "nope"))));
        assertEquals(400, unknown.status(), unknown.body());
        assertEquals(1, unknown.json().path("details").get(0).path("index").asInt(), unknown.body());
        Http.Response empty = Http.send("POST", realm.actionsUrl(), bobToken, Map.of("action", "x4", "organization", " "));
        assertEquals(400, empty.status(), empty.body());
        assertEquals(before, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));

        for (String report : List.of("/actions", "/logins")) {
            Http.Response r = realm.admin().getJson(api + report + "?organization=nope");
            assertEquals(400, r.status(), r.body());
            assertTrue(r.json().path("error").isTextual(), r.body());
            assertTrue(r.json().path("message").asText().contains("nope"), r.body());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String organization(String name, String alias) {
        return Fixtures.organization(realm, name, alias);
    }

    private static void join(String organization, String userId) {
        Fixtures.joinOrganization(realm, organization, userId);
    }

    private static String tokenWithScope(String username, String scope) {
        return Http.postForm(Tokens.tokenUrl(realm.name()), Map.of("grant_type", "password", "client_id", "web",
                        "username", username, "password", Fixtures.PASSWORD, "scope", scope))
                .ok("token of " + username + " with " + scope).json().path("access_token").asText();
    }

    private static JsonNode claims(String jwt) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void accepted(String token, Map<String, Object> action) {
        Http.Response r = Http.send("POST", realm.actionsUrl(), token, action);
        assertEquals(202, r.status(), r.body());
        assertEquals(1, r.json().path("accepted").asInt(), r.body());
    }

    private static JsonNode get(String path) {
        return realm.admin().getJson(api + path).ok("GET " + path).json();
    }

    /** The action names of an actions report, sorted (several share a millisecond, so their order is not asserted). */
    private static List<String> actions(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("actions").forEach(a -> out.add(a.path("action").asText()));
        out.sort(null);
        return out;
    }

    private static List<String> sortedUsernames(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.path("username").asText()));
        out.sort(null);
        return out;
    }

    private static List<CSVRecord> csv(String path) throws Exception {
        String admin = Tokens.password("master", "admin-cli", null, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(KeycloakServer.get().baseUrl()
                + api + path)).header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(r.body())).getRecords();
    }
}
