package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.admin.JaxRsRoutes;
import dev.orgalytics.admin.OpenApiContract;
import dev.orgalytics.admin.OrgAnalyticsAdminResource;

/**
 * The served OpenAPI description against the real API, both ways: every field of every real JSON
 * response is documented with its type (and as nullable where it is null), every documented
 * property turns up in some real response, every documented operation is called here, and every
 * route of the admin resource classes is documented. The realm is seeded so that every report has
 * rows and every optional field is filled at least once.
 */
class OpenApiContractIT {

    private static final String JSON = "application/json";
    private static Fixtures.Realm realm;
    private static String api;
    private static String ann, ben;
    private static String annToken, recorderToken;

    @BeforeAll
    static void seed() {
        realm = Fixtures.realm("contract");
        api = "/admin/realms/" + realm.name() + "/org-analytics";
        AdminClient admin = realm.admin();
        admin.postJson("/admin/realms/" + realm.name() + "/groups", Map.of("name", "Team")).ok("group");
        String team = admin.getJson("/admin/realms/" + realm.name() + "/group-by-path/Team").ok("path").json().path("id").asText();
        admin.postJson("/admin/realms/" + realm.name() + "/roles", Map.of("name", "recruiter")).ok("role");
        ann = realm.user("ann");
        ben = realm.user("ben");
        realm.user("cat");
        // An account from before the last 30 days (Keycloak's partial import keeps its age), never active: a dormant user.
        admin.postJson("/admin/realms/" + realm.name() + "/partialImport", Map.of("ifResourceExists", "FAIL", "users", List.of(
                Map.of("username", "dot", "enabled", true, "firstName", "Dot", "lastName", "Old", "email", "dot@contract.test",
                        "createdTimestamp", System.currentTimeMillis() - 40L * 24 * 3600 * 1000, "groups", List.of("/Team")))))
                .ok("partial import");
        admin.putJson("/admin/realms/" + realm.name() + "/users/" + ann + "/groups/" + team, null).ok("join");
        admin.assignRealmRole(realm.name(), ann, "recruiter");
        // Ann is in an organization before she logs in and acts, so the organizations report has activity.
        Fixtures.enableOrganizations(realm);
        Fixtures.joinOrganization(realm, Fixtures.organization(realm, "Acme", "acme"), ann);

        annToken = realm.token("ann");
        realm.token("ben");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "ben", "wrong"));
        recorderToken = Fixtures.recorderToken(realm, "backend");

        Instant at = LocalDate.now(ZoneOffset.UTC).minusDays(2).atTime(10, 0).toInstant(ZoneOffset.UTC);
        // ann does both actions, with every optional field; ben only views, so he is "stalled".
        Http.Response ok = Http.send("POST", realm.actionsUrl(), annToken, Map.of("actions", List.of(
                Map.of("action", "profile_viewed", "occurredAt", at.toString(), "id", "a-1"),
                Map.of("action", "interview_scheduled", "occurredAt", at.plusSeconds(60).toString(), "page", "/jobs/7",
                        "target", Map.of("type", "candidate", "id", "c42", "name", "Candidate 42"),
                        "properties", Map.of("stage", "first")))));
        assertEquals(202, ok.status(), ok.body());
        Http.Response forBen = Http.send("POST", realm.actionsUrl(), recorderToken, Map.of("actions", List.of(
                Map.of("action", "profile_viewed", "occurredAt", at.plusSeconds(120).toString(), "userId", ben))));
        assertEquals(202, forBen.status(), forBen.body());
        Fixtures.await("all logins stored", () -> Fixtures.count(
                "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR')", realm.id()) == 3);
    }

    @Test
    void everyResponseMatchesTheDescriptionBothWays() {
        Http.Response served = realm.admin().getJson(api + "/openapi.json");
        assertEquals(200, served.status(), served.body());
        OpenApiContract contract = new OpenApiContract(served.json());
        List<String> problems = new ArrayList<>();
        Caller call = new Caller(contract, problems);
        call.check("GET", "/openapi.json", "/openapi.json", served, 200);

        call.admin("GET", "/summary", "/summary", null, 200);
        call.admin("GET", "/summary", "/summary?compare=previous", null, 200);
        call.admin("GET", "/insights/dormant", "/insights/dormant", null, 200);
        call.admin("GET", "/users", "/users?sort=actions&order=desc", null, 200);
        call.admin("GET", "/users/{userId}", "/users/" + ann, null, 200);
        call.admin("GET", "/usage", "/usage?interval=day", null, 200);
        call.admin("GET", "/leaderboard", "/leaderboard?period=custom&metric=actions", null, 200);
        call.admin("GET", "/actions", "/actions", null, 200);
        call.admin("GET", "/logins", "/logins", null, 200);
        call.admin("GET", "/insights/logins", "/insights/logins", null, 200);
        call.admin("GET", "/organizations", "/organizations?sort=actions&order=desc", null, 200);
        call.admin("GET", "/leaderboard", "/leaderboard?period=custom&metric=actions&by=organization", null, 200);
        call.admin("GET", "/organizations/{organization}", "/organizations/acme", null, 200);
        call.admin("GET", "/insights/stalled", "/insights/stalled?did=profile_viewed&without=interview_scheduled", null, 200);
        call.admin("GET", "/insights/funnel", "/insights/funnel?steps=profile_viewed,interview_scheduled", null, 200);
        call.admin("GET", "/insights/funnel", "/insights/funnel?steps=profile_viewed,interview_scheduled&stoppedAt=profile_viewed",
                null, 200);
        call.admin("GET", "/insights/retention", "/insights/retention?interval=week", null, 200);

        // Strict catalog: one name described, one not; then more than the 1000 tracked refused names,
        // so the catalog lists refusals and their overflow.
        call.admin("PUT", "/catalog", "/catalog", Map.of("mode", "strict", "actions", List.of(
                Map.of("name", "profile_viewed", "description", "A candidate's profile was opened"),
                Map.of("name", "interview_scheduled"))), 200);
        for (int batch = 0; batch < 3; batch++) {
            List<Map<String, Object>> unknown = new ArrayList<>();
            for (int i = 0; i < (batch < 2 ? 500 : 1); i++) {
                unknown.add(Map.of("action", "unknown_" + batch + "_" + i, "userId", ann));
            }
            call.ingest(recorderToken, Map.of("actions", unknown), 400);
        }
        call.admin("GET", "/catalog", "/catalog", null, 200);
        // History: the live capture's recent events are left to it, so nothing is read; then a
        // login of ben's yesterday given in the body.
        call.admin("POST", "/backfill", "/backfill?max=10", null, 200);
        long yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        call.admin("POST", "/backfill", "/backfill", List.of(Map.of("id", "contract-login-1", "time", yesterday, "type", "LOGIN",
                "userId", ben, "clientId", "web")), 200);

        // Errors: the admin API's and the ingestion endpoint's, with and without details.
        call.admin("GET", "/summary", "/summary?from=not-a-date", null, 400);
        call.admin("GET", "/users/{userId}", "/users/00000000-0000-0000-0000-000000000000", null, 404);
        call.admin("GET", "/organizations/{organization}", "/organizations/nope", null, 404);
        call.admin("PUT", "/catalog", "/catalog", Map.of("mode", "sometimes"), 400);
        call.admin("POST", "/backfill", "/backfill?max=0", null, 400);
        call.admin("POST", "/backfill", "/backfill", List.of(Map.of("id", "contract-login-2", "time", yesterday, "type", "LOGIN",
                "userId", "nobody")), 400);
        call.ingest(annToken, Map.of("actions", List.of(Map.of("action", "profile_viewed", "occurredAt", "yesterday"))), 400);
        call.ingest(annToken, Map.of("actions", List.of(Map.of("action", "profile_viewed"))), 202);

        problems.addAll(contract.mismatches());
        contract.neverAnswered(Set.of()).forEach(p -> problems.add("documented, never answered: " + p));
        contract.uncalled().forEach(op -> problems.add("documented, not called by this test: " + op));
        assertTrue(problems.isEmpty(), problems.size() + " disagreements with the served description:\n  "
                + String.join("\n  ", problems));
    }

    @Test
    void everyAdminRouteIsDocumented() {
        OpenApiContract contract = new OpenApiContract(realm.admin().getJson(api + "/openapi.json").ok("description").json());
        Set<String> undocumented = new TreeSet<>(JaxRsRoutes.of(OrgAnalyticsAdminResource.class));
        undocumented.removeAll(contract.operations());
        assertEquals(Set.of(), undocumented, "routes of the admin resources missing from openapi.json");
    }

    /** Sends requests and hands each answer to the contract; a wrong status or media type is a problem too. */
    private record Caller(OpenApiContract contract, List<String> problems) {

        void admin(String method, String template, String pathAndQuery, Object body, int status) {
            Http.Response r = switch (method) {
                case "GET" -> realm.admin().getJson(api + pathAndQuery);
                case "PUT" -> realm.admin().putJson(api + pathAndQuery, body);
                case "POST" -> realm.admin().postJson(api + pathAndQuery, body);
                default -> throw new IllegalArgumentException(method);
            };
            check(method, template, pathAndQuery, r, status);
        }

        void ingest(String token, Object body, int status) {
            check("POST", "/actions", "/realms/.../actions", Http.send("POST", realm.actionsUrl(), token, body), status);
        }

        void check(String method, String template, String sent, Http.Response r, int status) {
            if (r.status() != status) {
                problems.add(method + " " + sent + " answered " + r.status() + ", the test expects " + status + ": " + r.body());
                return;
            }
            String type = r.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", "").trim();
            if (!JSON.equals(type)) {
                problems.add(method + " " + sent + " answered Content-Type " + type);
                return;
            }
            contract.check(method, template, status, type, r.json());
        }
    }
}
