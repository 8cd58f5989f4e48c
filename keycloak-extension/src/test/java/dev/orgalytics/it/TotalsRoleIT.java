package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The least-privilege role {@code view-org-analytics-totals} in the permission matrix: the realm's
 * totals, leaderboard ranks with usernames and scores, and nothing about individual users' emails,
 * groups, roles, actions or logins.
 */
class TotalsRoleIT {

    @Test
    void totalsRoleReadsTotalsAndNothingAboutPeople() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("totals");
        String base = KeycloakServer.get().baseUrl() + "/admin/realms/" + realm.name() + "/org-analytics";
        realm.admin().postJson("/admin/realms/" + realm.name() + "/groups", Map.of("name", "Team")).ok("group");
        String ann = realm.user("ann");
        Http.Response posted = Http.send("POST", realm.actionsUrl(), realm.token("ann"), Map.of("actions", List.of(
                Map.of("action", "profile_viewed"), Map.of("action", "job_posted"))));
        assertEquals(202, posted.status(), posted.body());

        Fixtures.grantRealmManagementRole(realm, realm.user("dash"), "view-org-analytics-totals");
        String totals = Tokens.password(realm.name(), "admin-cli", null, "dash", Fixtures.PASSWORD);
        Fixtures.grantRealmManagementRole(realm, realm.user("analyst"), "view-org-analytics");
        String full = Tokens.password(realm.name(), "admin-cli", null, "analyst", Fixtures.PASSWORD);

        for (String p : List.of("/summary", "/usage", "/usage?format=csv", "/leaderboard", "/leaderboard?metric=job_posted",
                "/openapi.json", "/catalog", "/organizations", "/organizations?format=csv")) {
            assertEquals(200, Http.send("GET", base + p, totals, null).status(), p);
        }
        for (String p : List.of("/users", "/users/" + ann, "/users?format=csv", "/actions", "/actions?format=csv", "/logins",
                "/insights/stalled?did=a&without=b", "/summary?group=/Team", "/usage?group=/Team", "/leaderboard?group=/Team",
                "/leaderboard?organization=acme")) {
            Http.Response r = Http.send("GET", base + p, totals, null);
            assertEquals(403, r.status(), p + " -> " + r.body());
        }
        Http.Response grouped = Http.send("GET", base + "/leaderboard?group=/Team", totals, null);
        assertEquals("forbidden", grouped.json().path("error").asText());

        JsonNode summary = Http.send("GET", base + "/summary", totals, null).json();
        assertEquals(2, summary.path("actions").asLong());

        JsonNode entry = Http.send("GET", base + "/leaderboard", totals, null).json().path("entries").get(0);
        assertEquals(List.of("rank", "username", "score"), fields(entry), "no id, name or email");
        assertEquals("ann", entry.path("username").asText());
        assertEquals(2, entry.path("score").asLong());
        JsonNode fullEntry = Http.send("GET", base + "/leaderboard", full, null).json().path("entries").get(0);
        assertEquals(List.of("rank", "userId", "username", "firstName", "lastName", "email", "score"), fields(fullEntry));

        Http.Response csv = Http.send("GET", base + "/leaderboard?format=csv", totals, null);
        assertEquals(200, csv.status());
        assertEquals(List.of("rank", "username", "score"),
                CSVFormat.RFC4180.parse(new StringReader(csv.body())).getRecords().get(0).toList());
    }

    @Test
    void realmAdminsHoldTheNewRoleThroughTheirComposite() {
        Fixtures.Realm realm = Fixtures.realm("totals-composite");
        String rm = realm.admin().getJson("/admin/realms/" + realm.name() + "/clients?clientId=realm-management")
                .ok("realm-management").json().get(0).path("id").asText();
        JsonNode composites = realm.admin().getJson("/admin/realms/" + realm.name() + "/clients/" + rm
                + "/roles/realm-admin/composites").ok("composites").json();
        List<String> names = new ArrayList<>();
        composites.forEach(c -> names.add(c.path("name").asText()));
        assertTrue(names.contains("view-org-analytics-totals") && names.contains("view-org-analytics"), names.toString());
        // And in the master realm, the realm's client carries it as well (for master admins and master service accounts).
        String inMaster = realm.admin().getJson("/admin/realms/master/clients?clientId=" + realm.name() + "-realm")
                .ok("master client").json().get(0).path("id").asText();
        assertEquals(200, realm.admin().getJson("/admin/realms/master/clients/" + inMaster + "/roles/view-org-analytics-totals").status());
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
