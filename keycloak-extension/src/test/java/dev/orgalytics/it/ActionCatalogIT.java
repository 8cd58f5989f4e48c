package dev.orgalytics.it;

import static dev.orgalytics.it.Fixtures.count;
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
 * The action catalog through real HTTP: open mode's cap of 300 distinct names, strict mode, refused
 * names counted for admins, the order and cap of names in reports, who may read and change it,
 * bad catalogs, and realm deletion.
 */
class ActionCatalogIT {

    private static Http.Response post(Fixtures.Realm realm, String token, List<String> names) {
        List<Map<String, Object>> items = new ArrayList<>();
        names.forEach(n -> items.add(Map.of("action", n)));
        return Http.send("POST", realm.actionsUrl(), token, Map.of("actions", items));
    }

    private static String api(Fixtures.Realm realm) {
        return "/admin/realms/" + realm.name() + "/org-analytics";
    }

    private static List<String> names(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(prefix + i);
        return out;
    }

    @Test
    void openModeStopsAtThreeHundredDistinctNamesAndCountsTheRefused() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("catalog-cap");
        realm.user("ann");
        String token = realm.token("ann");
        // 300 distinct names, including one already made up twice in the batch: all accepted.
        List<String> first = names("made_up_", 0, 300);
        first.add("made_up_7");
        Http.Response ok = post(realm, token, first);
        assertEquals(202, ok.status(), ok.body());
        assertEquals(301, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));

        // The 301st distinct name refuses the whole request; known names alone still pass.
        Http.Response refused = post(realm, token, List.of("made_up_1", "one_too_many", "made_up_2"));
        assertEquals(400, refused.status(), refused.body());
        assertEquals("unknown_action", refused.json().path("error").asText());
        assertTrue(refused.json().path("message").asText().contains("300"), refused.body());
        assertEquals(1, refused.json().path("details").get(0).path("index").asInt());
        assertEquals("action", refused.json().path("details").get(0).path("field").asText());
        assertEquals(301, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()), "nothing stored");
        assertEquals(400, post(realm, token, List.of("one_too_many")).status());
        assertEquals(202, post(realm, token, List.of("made_up_299", "made_up_0")).status());

        JsonNode catalog = realm.admin().getJson(api(realm) + "/catalog").ok("catalog").json();
        assertEquals("open", catalog.path("mode").asText());
        assertEquals(300, catalog.path("maxNames").asInt());
        assertEquals(300, catalog.path("knownNames").asInt());
        assertEquals(1, catalog.path("refused").size());
        assertEquals("one_too_many", catalog.path("refused").get(0).path("name").asText());
        assertEquals(2, catalog.path("refused").get(0).path("count").asLong());
        assertTrue(catalog.path("refused").get(0).path("lastSeenAt").asText().endsWith("Z"));

        // Catalogued names come first in menus and CSV columns, and neither lists more than the cap.
        realm.admin().putJson(api(realm) + "/catalog", Map.of("mode", "open", "actions", List.of(
                Map.of("name", "zz_planned", "description", "Planned, never recorded yet"),
                Map.of("name", "made_up_42", "description", "Now documented")))).ok("put catalog");
        JsonNode summary = realm.admin().getJson(api(realm) + "/summary").ok("summary").json();
        JsonNode menu = summary.path("actionNames");
        assertEquals(300, menu.size(), "never more than the cap");
        assertEquals("zz_planned", menu.get(0).asText());
        assertEquals("made_up_42", menu.get(1).asText());
        // The most used of the rest follow: made_up_0 and made_up_7 were recorded twice, _299 twice too.
        assertEquals(List.of("made_up_0", "made_up_299", "made_up_7"), List.of(menu.get(2).asText(), menu.get(3).asText(), menu.get(4).asText()));
        assertEquals(300, summary.path("actionsByType").size(), "the summary's own counts stay complete");

        String csv = realm.admin().getJson(api(realm) + "/usage?format=csv&interval=month").ok("usage csv").body();
        List<String> header = CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords().get(0).toList();
        List<String> actionColumns = header.stream().filter(h -> h.startsWith("action:")).toList();
        assertEquals(300, actionColumns.size());
        assertEquals("action:zz_planned", actionColumns.get(0));
        assertEquals("action:made_up_42", actionColumns.get(1));
        assertTrue(header.contains("otherActions"), "the two least used names are summed, not dropped: " + header.subList(0, 8));
    }

    @Test
    void strictModeAcceptsOnlyCataloguedNamesAndTheCatalogIsValidated() {
        Fixtures.Realm realm = Fixtures.realm("catalog-strict");
        realm.user("bob");
        String token = realm.token("bob");
        assertEquals(202, post(realm, token, List.of("profile_viewed")).status());

        Http.Response saved = realm.admin().putJson(api(realm) + "/catalog", Map.of("mode", "strict", "actions", List.of(
                Map.of("name", "job_posted", "description", "A job ad went live"))));
        assertEquals(200, saved.status(), saved.body());
        assertEquals("strict", saved.json().path("mode").asText());
        assertEquals("A job ad went live", saved.json().path("actions").get(0).path("description").asText());

        assertEquals(202, post(realm, token, List.of("job_posted")).status());
        Http.Response refused = post(realm, token, List.of("job_posted", "profile_viewed"));
        assertEquals(400, refused.status(), "recorded before, but not catalogued: " + refused.body());
        assertEquals("unknown_action", refused.json().path("error").asText());
        assertEquals(1, refused.json().path("details").get(0).path("index").asInt());
        assertEquals(2, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));

        // Back to open: the refused name is known again (it was recorded), a new one is welcome.
        realm.admin().putJson(api(realm) + "/catalog", Map.of("mode", "open", "actions", List.of())).ok("open");
        assertEquals(202, post(realm, token, List.of("profile_viewed", "brand_new")).status());

        for (String bad : List.of("{\"mode\": \"lenient\", \"actions\": []}", "{\"mode\": \"open\"}",
                "{\"mode\": \"open\", \"actions\": [{\"name\": \"Bad Name\"}]}",
                "{\"mode\": \"open\", \"actions\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}",
                "{\"mode\": \"open\", \"actions\": [{\"name\": \"a\", \"colour\": \"red\"}]}",
                "{\"mode\": \"open\", \"actions\": [], \"extra\": 1}",
                "{\"mode\": \"open\", \"actions\": []} trailing", "{\"mode\": \"open\", \"mode\": \"strict\", \"actions\": []}",
                "[]", "")) {
            Http.Response r = Http.send("PUT", KeycloakServer.get().baseUrl() + api(realm) + "/catalog", adminToken(), bad);
            assertEquals(400, r.status(), bad + " -> " + r.body());
            assertEquals("invalid_request", r.json().path("error").asText(), bad);
        }
        List<Map<String, Object>> tooMany = new ArrayList<>();
        names("n", 0, 301).forEach(n -> tooMany.add(Map.of("name", n)));
        assertEquals(400, realm.admin().putJson(api(realm) + "/catalog", Map.of("mode", "open", "actions", tooMany)).status());
        assertEquals("open", realm.admin().getJson(api(realm) + "/catalog").ok("after").json().path("mode").asText(),
                "a refused catalog changed nothing");
    }

    @Test
    void readersReadAndOnlyManagersChangeAndRealmDeletionRemovesIt() {
        Fixtures.Realm realm = Fixtures.realm("catalog-perm");
        String base = KeycloakServer.get().baseUrl() + api(realm) + "/catalog";
        Map<String, Object> catalog = Map.of("mode", "strict", "actions", List.of(Map.of("name", "job_posted")));
        for (String role : List.of("view-org-analytics", "view-org-analytics-totals", "view-users", "view-events")) {
            String token = realmAdmin(realm, "reader-" + role, role);
            assertEquals(200, Http.send("GET", base, token, null).status(), role);
            Http.Response put = Http.send("PUT", base, token, catalog);
            assertEquals(403, put.status(), role);
            assertEquals("forbidden", put.json().path("error").asText(), role);
        }
        for (String role : List.of("manage-realm", "manage-events")) {
            String token = realmAdmin(realm, "manager-" + role, role);
            assertEquals(200, Http.send("PUT", base, token, catalog).status(), role);
        }
        realm.user("plain");
        String plain = Tokens.password(realm.name(), "admin-cli", null, "plain", Fixtures.PASSWORD);
        assertEquals(403, Http.send("GET", base, plain, null).status());
        assertEquals(401, Http.send("GET", base, null, null).status());

        realm.user("cyd");
        assertEquals(400, post(realm, realm.token("cyd"), List.of("not_planned")).status());
        assertEquals(1, count("SELECT COUNT(*) FROM OA_CATALOG WHERE REALM_ID = ?", realm.id()));
        assertEquals(1, count("SELECT COUNT(*) FROM OA_CATALOG_ACTION WHERE REALM_ID = ?", realm.id()));
        assertEquals(1, count("SELECT COUNT(*) FROM OA_REFUSED_ACTION WHERE REALM_ID = ?", realm.id()));
        realm.admin().deleteRealm(realm.name());
        for (String table : List.of("OA_CATALOG", "OA_CATALOG_ACTION", "OA_REFUSED_ACTION")) {
            assertEquals(0, count("SELECT COUNT(*) FROM " + table + " WHERE REALM_ID = ?", realm.id()), table);
        }
    }

    private static String realmAdmin(Fixtures.Realm in, String username, String role) {
        Fixtures.grantRealmManagementRole(in, in.user(username), role);
        return Tokens.password(in.name(), "admin-cli", null, username, Fixtures.PASSWORD);
    }

    private static String adminToken() {
        return Tokens.password("master", "admin-cli", null, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
    }
}
