package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The admin reports API against the real Keycloak, on activity seeded through real logins and the
 * action endpoint: every report in JSON and CSV, exact numbers, filters, time zones, permissions
 * and bad parameters. One realm is seeded once; each test only reads it.
 */
class AdminReportsIT {

    private static Fixtures.Realm realm;
    private static String api;
    private static String ann, ben, cat, eve;
    /** Two days ago (UTC): ann acts at 10:00Z, ben at 23:30Z, which is already the next day in Berlin. */
    private static LocalDate day;

    @BeforeAll
    static void seed() {
        realm = Fixtures.realm("reports");
        api = "/admin/realms/" + realm.name() + "/org-analytics";
        AdminClient admin = realm.admin();
        String team = admin.postJson("/admin/realms/" + realm.name() + "/groups", Map.of("name", "Team")).ok("group").createdId();
        admin.postJson("/admin/realms/" + realm.name() + "/groups/" + team + "/children", Map.of("name", "A")).ok("subgroup");
        String teamA = admin.getJson("/admin/realms/" + realm.name() + "/group-by-path/Team/A").ok("path").json().path("id").asText();
        admin.postJson("/admin/realms/" + realm.name() + "/groups", Map.of("name", "Other")).ok("group");
        String other = admin.getJson("/admin/realms/" + realm.name() + "/group-by-path/Other").ok("path").json().path("id").asText();
        admin.postJson("/admin/realms/" + realm.name() + "/roles", Map.of("name", "recruiter")).ok("role");

        ann = realm.user("ann");
        ben = realm.user("ben");
        cat = realm.user("cat");
        eve = realm.user("eve");
        admin.putJson("/admin/realms/" + realm.name() + "/users/" + ann + "/groups/" + teamA, null).ok("join");
        admin.putJson("/admin/realms/" + realm.name() + "/users/" + ben + "/groups/" + other, null).ok("join");
        admin.assignRealmRole(realm.name(), ann, "recruiter");
        // Hostile names, to be neutralised in CSV.
        com.fasterxml.jackson.databind.node.ObjectNode eveRep = (com.fasterxml.jackson.databind.node.ObjectNode)
                admin.getJson("/admin/realms/" + realm.name() + "/users/" + eve).ok("eve").json();
        // Keycloak refuses '=' in person names; '+', '-' and '@' pass its validator and are formula starts too.
        eveRep.put("firstName", "+1+1");
        eveRep.put("lastName", "@evil -2");
        admin.putJson("/admin/realms/" + realm.name() + "/users/" + eve, eveRep.toString()).ok("rename");

        day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        String annToken = realm.token("ann");
        realm.token("ann");
        String benToken = realm.token("ben");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "ben", "wrong"));

        Instant annAt = day.atTime(10, 0).toInstant(ZoneOffset.UTC);
        Instant benAt = day.atTime(23, 30).toInstant(ZoneOffset.UTC);
        post(annToken, List.of(
                Map.of("action", "profile_viewed", "occurredAt", annAt.toString()),
                Map.of("action", "profile_viewed", "occurredAt", annAt.plusSeconds(60).toString()),
                Map.of("action", "profile_viewed", "occurredAt", annAt.plusSeconds(120).toString()),
                Map.of("action", "interview_scheduled", "occurredAt", annAt.plusSeconds(180).toString(),
                        "target", Map.of("type", "candidate", "id", "c42", "name", "=HYPERLINK(\"http://evil.test\")"),
                        "page", "/jobs/7")));
        post(benToken, List.of(
                Map.of("action", "profile_viewed", "occurredAt", benAt.toString()),
                Map.of("action", "profile_viewed", "occurredAt", benAt.plusSeconds(60).toString(), "properties", Map.of("q", "=1+1"))));
        Fixtures.await("all logins stored", () -> Fixtures.count(
                "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR')", realm.id()) == 4);
    }

    private static void post(String token, List<Map<String, Object>> actions) {
        Http.Response r = Http.send("POST", realm.actionsUrl(), token, Map.of("actions", actions));
        assertEquals(202, r.status(), r.body());
    }

    private static JsonNode get(String pathAndQuery) {
        return realm.admin().getJson(api + pathAndQuery).ok(pathAndQuery).json();
    }

    private static Http.Response raw(String pathAndQuery) {
        return realm.admin().getJson(api + pathAndQuery);
    }

    @Test
    void summaryCountsTheRange() {
        JsonNode s = get("/summary");
        assertEquals(4, s.path("totalUsers").asLong());
        assertEquals(4, s.path("enabledUsers").asLong());
        assertEquals(4, s.path("newUsers").asLong());
        assertEquals(2, s.path("activeUsers").asLong(), "ann and ben; cat and eve did nothing");
        assertEquals(2, s.path("dau").asLong());
        assertEquals(2, s.path("mau").asLong());
        assertEquals(3, s.path("logins").asLong());
        assertEquals(1, s.path("failedLogins").asLong());
        assertEquals(6, s.path("actions").asLong());
        assertEquals(5, s.path("actionsByType").path("profile_viewed").asLong());
        assertEquals(1, s.path("actionsByType").path("interview_scheduled").asLong());
        // A closed range before the activity: nothing.
        JsonNode old = get("/summary?from=2026-01-01&to=2026-01-31");
        assertEquals(0, old.path("actions").asLong());
        assertEquals(0, old.path("activeUsers").asLong());
        // The group filter includes subgroups.
        JsonNode team = get("/summary?group=/Team");
        assertEquals(1, team.path("totalUsers").asLong());
        assertEquals(4, team.path("actions").asLong());
        assertEquals(2, team.path("logins").asLong());
    }

    @Test
    void usersIncludeTheInactiveAndSortFilterAndPage() {
        JsonNode r = get("/users?sort=actions&order=desc");
        assertEquals(4, r.path("total").asLong());
        JsonNode users = r.path("users");
        assertEquals(List.of("ann", "ben", "cat", "eve"), JsonLists.usernames(users));
        JsonNode a = users.get(0);
        assertEquals(2, a.path("logins").asLong());
        assertEquals(4, a.path("actions").asLong());
        assertEquals(List.of("/Team/A"), JsonLists.texts(a.path("groups")));
        assertEquals(List.of("recruiter"), JsonLists.texts(a.path("roles")));
        assertNotNull(a.path("lastLoginAt").textValue());
        assertEquals(1, users.get(1).path("failedLogins").asLong());
        assertTrue(users.get(2).path("lastLoginAt").isNull(), "cat never logged in");
        assertTrue(users.get(2).path("lastActionAt").isNull());

        // "Who has not logged in": ascending last login puts the never-logged-in first.
        assertEquals(List.of("cat", "eve", "ann", "ben"), JsonLists.usernames(get("/users?sort=lastLoginAt&order=asc").path("users")));
        assertEquals(List.of("ann"), JsonLists.usernames(get("/users?search=ANN").path("users")));
        assertEquals(List.of("eve"), JsonLists.usernames(get("/users?search=eve%40example").path("users")));
        assertEquals(List.of("ann"), JsonLists.usernames(get("/users?group=/Team").path("users")));
        assertEquals(List.of("ann"), JsonLists.usernames(get("/users?role=recruiter").path("users")));
        // Names sort too (eve's '@' name is left out: collations differ on punctuation).
        List<String> byLastName = JsonLists.usernames(get("/users?sort=lastName&order=desc").path("users"));
        byLastName.remove("eve");
        assertEquals(List.of("cat", "ben", "ann"), byLastName);
        JsonNode page = get("/users?sort=username&first=1&max=2");
        assertEquals(4, page.path("total").asLong());
        assertEquals(List.of("ben", "cat"), JsonLists.usernames(page.path("users")));
    }

    @Test
    void oneUserWithActionsByTypeAndEveryDay() {
        JsonNode u = get("/users/" + ann);
        assertEquals("ann", u.path("username").asText());
        assertEquals(3, u.path("actionsByType").path("profile_viewed").asLong());
        assertEquals(30, u.path("daily").size());
        long actions = 0, logins = 0;
        for (JsonNode d : u.path("daily")) {
            actions += d.path("actions").asLong();
            logins += d.path("logins").asLong();
        }
        assertEquals(4, actions);
        assertEquals(2, logins);
        Http.Response missing = raw("/users/00000000-0000-0000-0000-000000000000");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.json().path("error").asText());
    }

    @Test
    void usageBucketsAddUpToTheSummaryAndFollowTheZone() {
        JsonNode usage = get("/usage?interval=day");
        assertEquals(30, usage.path("buckets").size(), "empty days are present");
        long logins = 0, failed = 0, actions = 0, newUsers = 0;
        for (JsonNode b : usage.path("buckets")) {
            logins += b.path("logins").asLong();
            failed += b.path("failedLogins").asLong();
            actions += b.path("actions").asLong();
            newUsers += b.path("newUsers").asLong();
        }
        JsonNode s = get("/summary");
        assertEquals(s.path("logins").asLong(), logins);
        assertEquals(s.path("failedLogins").asLong(), failed);
        assertEquals(s.path("actions").asLong(), actions);
        assertEquals(s.path("newUsers").asLong(), newUsers);

        String range = "&from=" + day + "&to=" + day.plusDays(1);
        JsonNode utc = get("/usage?interval=day" + range);
        assertEquals(6, utc.path("buckets").get(0).path("actions").asLong());
        assertEquals(2, utc.path("buckets").get(0).path("activeUsers").asLong());
        JsonNode berlin = get("/usage?interval=day&tz=Europe/Berlin" + range);
        assertEquals(4, berlin.path("buckets").get(0).path("actions").asLong(), "ben's 23:30Z is the next day in Berlin");
        assertEquals(2, berlin.path("buckets").get(1).path("actions").asLong());
        assertTrue(berlin.path("buckets").get(0).path("start").asText().startsWith(day + "T00:00+01:00"));

        JsonNode weeks = get("/usage?interval=week");
        long weekActions = 0;
        for (JsonNode b : weeks.path("buckets")) weekActions += b.path("actions").asLong();
        assertEquals(6, weekActions);
        for (int i = 1; i < weeks.path("buckets").size(); i++) {
            String start = weeks.path("buckets").get(i).path("start").asText();
            assertEquals(java.time.DayOfWeek.MONDAY, LocalDate.parse(start.substring(0, 10)).getDayOfWeek(), start);
        }
        JsonNode months = get("/usage?interval=month");
        assertTrue(months.path("buckets").size() >= 1 && months.path("buckets").size() <= 2);
        // Asked again, closed months come from the cache and only the current month is computed: a
        // range of one month, whose key once was a bare "0" that PostgreSQL refused in GROUP BY.
        String sinceLastMonth = "/usage?interval=month&from=" + LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1);
        JsonNode first = get(sinceLastMonth);
        assertEquals(first.path("buckets"), get(sinceLastMonth).path("buckets"));
        assertEquals(2, first.path("buckets").size());
    }

    @Test
    void leaderboardRanksTheRange() {
        JsonNode board = get("/leaderboard?period=custom&from=" + day + "&to=" + day);
        assertEquals(List.of("ann", "ben"), JsonLists.usernames(board.path("entries")));
        assertEquals(1, board.path("entries").get(0).path("rank").asInt());
        assertEquals(4, board.path("entries").get(0).path("score").asLong());
        assertEquals(2, board.path("entries").get(1).path("rank").asInt());
        JsonNode viewed = get("/leaderboard?period=custom&metric=profile_viewed&from=" + day + "&to=" + day + "&limit=1");
        assertEquals(1, viewed.path("entries").size());
        assertEquals(3, viewed.path("entries").get(0).path("score").asLong());
        JsonNode logins = get("/leaderboard?period=this_month&metric=logins");
        assertEquals("this_month", logins.path("period").asText());
        assertEquals(2, logins.path("entries").get(0).path("score").asLong());
    }

    @Test
    void actionsReportIsNewestFirstAndFilters() {
        JsonNode all = get("/actions");
        assertEquals(6, all.path("total").asLong());
        assertEquals("ben", all.path("actions").get(0).path("username").asText(), "23:30Z is the newest");
        assertEquals("=1+1", all.path("actions").get(0).path("properties").path("q").asText());
        assertEquals(2, get("/actions?user=ben").path("total").asLong());
        assertEquals(2, get("/actions?user=" + ben).path("total").asLong());
        JsonNode interview = get("/actions?action=interview_scheduled");
        assertEquals(1, interview.path("total").asLong());
        JsonNode a = interview.path("actions").get(0);
        assertEquals("c42", a.path("target").path("id").asText());
        assertEquals("/jobs/7", a.path("page").asText());
        assertEquals("web", a.path("clientId").asText());
        assertEquals(1, get("/actions?targetType=candidate&targetId=c42").path("total").asLong());
        assertEquals(6, get("/actions?client=web").path("total").asLong());
        assertEquals(0, get("/actions?client=other").path("total").asLong());
        assertEquals(2, get("/actions?first=4&max=10").path("actions").size());
    }

    @Test
    void loginsReportAgreesWithTheUsersReport() {
        JsonNode all = get("/logins");
        assertEquals(4, all.path("total").asLong());
        JsonNode failures = get("/logins?outcome=failure");
        assertEquals(1, failures.path("total").asLong());
        assertEquals("invalid_user_credentials", failures.path("logins").get(0).path("error").asText());
        assertEquals("ben", failures.path("logins").get(0).path("username").asText());
        long annLogins = get("/users?search=ann").path("users").get(0).path("logins").asLong();
        assertEquals(annLogins, get("/logins?user=ann&outcome=success").path("total").asLong());
    }

    @Test
    void stalledUsersViewedButNeverScheduled() {
        JsonNode r = get("/insights/stalled?did=profile_viewed&without=interview_scheduled&min=2");
        assertEquals(List.of("ben"), JsonLists.usernames(r.path("users")));
        assertEquals(2, r.path("users").get(0).path("didCount").asLong());
        assertEquals(0, get("/insights/stalled?did=profile_viewed&without=interview_scheduled&min=3").path("users").size());
    }

    @Test
    void csvExportsParseBackAndAreSafe() throws Exception {
        HttpResponse<byte[]> r = download(api + "/users?format=csv&bom=true&sort=username&max=1");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertEquals("attachment; filename=\"" + realm.name() + "-users-" + today.minusDays(29) + "_" + today + ".csv\"",
                r.headers().firstValue("Content-Disposition").orElse(null));
        byte[] body = r.body();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(body, 3));
        List<CSVRecord> users = parse(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
        assertEquals(4, users.size(), "exports ignore max");
        CSVRecord eveRow = users.stream().filter(x -> x.get("username").equals("eve")).findFirst().orElseThrow();
        assertEquals("'+1+1", eveRow.get("firstName"));
        assertEquals("'@evil -2", eveRow.get("lastName"));
        CSVRecord annRow = users.stream().filter(x -> x.get("username").equals("ann")).findFirst().orElseThrow();
        assertEquals("4", annRow.get("actions"));
        assertEquals("/Team/A", annRow.get("groups"));

        // Only the columns asked for, in the order asked; the same values as the full export.
        String picked = text(download(api + "/users?format=csv&sort=username&columns=lastLoginAt,username,id"));
        assertEquals("\"lastLoginAt\",\"username\",\"id\"", picked.lines().findFirst().orElseThrow());
        List<CSVRecord> lastLogins = parse(picked);
        assertEquals(users.size(), lastLogins.size());
        for (CSVRecord full : users) {
            CSVRecord p = lastLogins.stream().filter(x -> x.get("id").equals(full.get("id"))).findFirst().orElseThrow();
            assertEquals(full.get("lastLoginAt"), p.get("lastLoginAt"), full.get("username"));
            assertEquals(full.get("username"), p.get("username"));
        }
        JsonNode page = get("/users?sort=actions&order=desc&columns=username,actions");
        assertEquals(List.of("username", "actions"), iterable(page.path("users").get(0).fieldNames()));
        assertEquals(4, page.path("users").get(0).path("actions").asLong(), "ann's actions through the column pick");

        List<CSVRecord> actions = parse(text(download(api + "/actions?format=csv")));
        assertEquals(6, actions.size());
        assertEquals("{\"q\":\"=1+1\"}", actions.get(0).get("properties"), "JSON starts with '{': not a formula");
        CSVRecord interview = actions.stream().filter(x -> x.get("action").equals("interview_scheduled")).findFirst().orElseThrow();
        assertEquals("'=HYPERLINK(\"http://evil.test\")", interview.get("targetName"));
        assertEquals("/jobs/7", interview.get("page"));

        HttpResponse<byte[]> accept = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(KeycloakServer.get().baseUrl() + api + "/usage?interval=week"))
                .header("Authorization", "Bearer " + Fixtures.masterAdminToken()).header("Accept", "text/csv").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        List<CSVRecord> usage = parse(text(accept));
        assertTrue(usage.get(0).isMapped("action:profile_viewed"));
        assertEquals(5, usage.stream().mapToLong(x -> Long.parseLong(x.get("action:profile_viewed"))).sum());

        assertEquals(2, parse(text(download(api + "/leaderboard?format=csv&period=custom&from=" + day + "&to=" + day))).size());
        assertEquals(4, parse(text(download(api + "/logins?format=csv"))).size());
        assertEquals(1, parse(text(download(api + "/insights/stalled?format=csv&did=profile_viewed&without=interview_scheduled"))).size());
    }

    @Test
    void exportsAreAdminEvents() throws Exception {
        realm.admin().updateRealm(realm.name(), Map.of("adminEventsEnabled", true));
        download(api + "/logins?format=csv");
        JsonNode events = realm.admin().getJson("/admin/realms/" + realm.name() + "/admin-events?operationTypes=ACTION")
                .ok("admin events").json();
        boolean found = false;
        for (JsonNode e : events) {
            found |= e.path("resourceType").asText().equals("CUSTOM") && e.path("resourcePath").asText().contains("org-analytics/logins");
        }
        assertTrue(found, events.toString());
    }

    @Test
    void badParametersAreClear400s() {
        for (String q : List.of("/users?sort=bogus", "/summary?from=2026-11-10&to=2026-11-01", "/summary?from=2020-01-01&to=2026-11-01",
                "/summary?tz=Mars/Olympus", "/users?max=0", "/users?max=1001", "/users?group=/Nope", "/users?role=nope",
                "/usage?interval=fortnight", "/leaderboard?period=yesterday", "/leaderboard?limit=101", "/actions?user=nobody",
                "/logins?outcome=maybe", "/insights/stalled?did=Bad&without=x", "/summary?from=tomorrow", "/users?format=xml")) {
            Http.Response r = raw(q);
            assertEquals(400, r.status(), q + " -> " + r.body());
            assertEquals("invalid_request", r.json().path("error").asText(), q);
            assertTrue(r.json().path("message").asText().length() > 5, q);
        }
    }

    /** On a realm of its own: the admins it creates would change the counts the other tests check. */
    @Test
    void permissions() {
        Fixtures.Realm guarded = Fixtures.realm("reports-perm");
        String base = KeycloakServer.get().baseUrl() + "/admin/realms/" + guarded.name() + "/org-analytics";
        assertEquals(401, Http.send("GET", base + "/summary", null, null).status());

        String viewUsers = Fixtures.realmAdmin(guarded, "only-view-users", "view-users");
        String viewEvents = Fixtures.realmAdmin(guarded, "only-view-events", "view-events");
        String viewAnalytics = Fixtures.realmAdmin(guarded, "only-analytics", "view-org-analytics");
        String plainId = guarded.user("plain");
        String plain = Tokens.password(guarded.name(), "admin-cli", null, "plain", Fixtures.PASSWORD);

        assertEquals(200, Http.send("GET", base + "/summary", viewUsers, null).status());
        assertEquals(403, Http.send("GET", base + "/actions", viewUsers, null).status());
        assertEquals(200, Http.send("GET", base + "/actions", viewEvents, null).status());
        assertEquals(403, Http.send("GET", base + "/users", viewEvents, null).status());
        for (String p : List.of("/summary", "/users", "/users/" + plainId, "/usage", "/leaderboard", "/actions", "/logins",
                "/insights/stalled?did=a&without=b", "/openapi.json")) {
            assertEquals(200, Http.send("GET", base + p, viewAnalytics, null).status(), p);
            assertEquals(403, Http.send("GET", base + p, plain, null).status(), p);
        }

        Fixtures.Realm other = Fixtures.realm("reports-other");
        Fixtures.grantRealmManagementRole(other, other.user("boss"), "realm-admin");
        String boss = Tokens.password(other.name(), "admin-cli", null, "boss", Fixtures.PASSWORD);
        assertEquals(200, Http.send("GET", KeycloakServer.get().baseUrl() + "/admin/realms/" + other.name() + "/org-analytics/summary", boss, null).status());
        int cross = Http.send("GET", KeycloakServer.get().baseUrl() + api + "/summary", boss, null).status();
        assertTrue(cross == 401 || cross == 403, "realm A's admin on realm B: " + cross);
    }

    private static HttpResponse<byte[]> download(String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(KeycloakServer.get().baseUrl() + path))
                .header("Authorization", "Bearer " + Fixtures.masterAdminToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return r;
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static List<CSVRecord> parse(String csv) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
