package dev.orgalytics.it;

import static dev.orgalytics.it.Fixtures.await;
import static dev.orgalytics.it.Fixtures.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Admins limited to organizations, against the real server of each pass. On Keycloak 26.7 an admin
 * with none of the realm-level report rights who may view some organizations (the realm-management
 * roles {@code view-organizations}, {@code manage-organizations}, {@code manage-realm}, or a
 * fine-grained admin permission on one organization) reads those organizations' totals and nothing
 * else; on 26.4 and 26.5, which have no organization permissions, the same admins get 403, even
 * holding a role of that name made by hand. Realm-level roles read as before on every version.
 *
 * <pre>
 * Acme     alice: login, 1 action        acme-admin: fine-grained "view" on Acme only (26.7)
 * Globex   bob: login, 2 actions         viewer: view-organizations; manager: manage-realm
 * Initech  no members                    lister: query-organizations; nobody: no role
 * </pre>
 */
class OrganizationPermissionsIT {

    private static Fixtures.Realm realm;
    private static String base;
    private static String acme, globex, alice;
    /** Keycloak 26.7 and later have organization admin permissions. */
    private static boolean organizationPermissions;
    private static String full, totals, acmeAdmin, viewer, manager, lister, nobody;

    @BeforeAll
    static void seed() {
        KeycloakServer server = KeycloakServer.get();
        organizationPermissions = server.isAtLeast(26, 7);
        realm = Fixtures.realm("orgperm");
        base = server.baseUrl() + "/admin/realms/" + realm.name() + "/org-analytics";
        Fixtures.enableOrganizations(realm);
        realm.admin().updateRealm(realm.name(), Map.of("adminPermissionsEnabled", true));
        acme = Fixtures.organization(realm, "Acme", "acme");
        globex = Fixtures.organization(realm, "Globex", "globex");
        Fixtures.organization(realm, "Initech", "initech");
        realm.admin().postJson("/admin/realms/" + realm.name() + "/groups", Map.of("name", "Team")).ok("group");
        alice = realm.user("alice");
        String bob = realm.user("bob");
        Fixtures.joinOrganization(realm, acme, alice);
        Fixtures.joinOrganization(realm, globex, bob);
        accepted(realm.token("alice"), "a1");
        String bobToken = realm.token("bob");
        accepted(bobToken, "b1");
        accepted(bobToken, "b2");
        await("two logins", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?", realm.id()) == 2);

        full = admin("analyst", "view-org-analytics");
        totals = admin("dash", "view-org-analytics-totals");
        viewer = admin("viewer", "view-organizations");
        manager = admin("manager", "manage-realm");
        lister = admin("lister", "query-organizations");
        nobody = admin("nobody");
        acmeAdmin = admin("acme-admin");
        Http.Response permission = viewPermission("acme-admin", acme);
        if (organizationPermissions) {
            permission.ok("fine-grained view of Acme");
        } else {
            // Before 26.7 fine-grained admin permissions know no organizations: the grant cannot even be made.
            assertFalse(permission.isSuccess(), permission.status() + " " + permission.body());
        }
    }

    /** What needs people or events stays behind the realm-level roles for everyone limited to organizations. */
    private static final List<String> PEOPLE_AND_EVENTS = List.of("/users", "/users?organization=acme", "/users?format=csv",
            "/actions?organization=acme", "/actions?organization=acme&format=csv", "/logins?organization=acme",
            "/insights/stalled?did=a1&without=b1&organization=acme", "/leaderboard", "/leaderboard?organization=acme",
            "/leaderboard?format=csv", "/catalog");

    @Test
    void realmLevelRolesReadAsBefore() {
        for (String token : List.of(full, totals)) {
            JsonNode all = get(token, "/organizations");
            assertEquals(List.of("acme", "globex", "initech"), aliases(all.path("organizations")));
            assertEquals(3, all.path("total").asLong());
            assertEquals(3, get(token, "/summary").path("actions").asLong(), "the realm's totals");
            assertEquals(2, get(token, "/leaderboard?by=organization").path("organizations").size());
            assertEquals(404, send(token, "/organizations/unknown-org").status(), "an unknown organization's path is 404 as before");
            Http.Response unknown = send(token, "/summary?organization=unknown-org");
            assertEquals(400, unknown.status(), "an unknown filter is a bad parameter as before: " + unknown.body());
        }
        assertEquals(200, send(full, "/users?organization=acme").status());
        assertEquals(403, send(totals, "/users?organization=acme").status());
    }

    @Test
    void anAdminOfOneOrganizationReadsItsTotalsOnly() throws Exception {
        if (!organizationPermissions) {
            assertAllForbidden(acmeAdmin);
            return;
        }
        JsonNode listed = get(acmeAdmin, "/organizations");
        assertEquals(1, listed.path("total").asLong(), listed.toString());
        assertEquals(List.of(row(full, "acme")), List.of(listed.path("organizations").get(0)));
        assertEquals(0, get(acmeAdmin, "/organizations?search=glob").path("total").asLong());
        List<CSVRecord> csv = csv(acmeAdmin, "/organizations?format=csv");
        assertEquals(List.of("acme"), csv.stream().map(r -> r.get("alias")).toList());
        assertEquals("1", csv.get(0).get("actions"));

        for (String idOrAlias : List.of("acme", acme)) {
            assertEquals(get(full, "/organizations/" + idOrAlias), get(acmeAdmin, "/organizations/" + idOrAlias));
            assertEquals(get(full, "/summary?organization=" + idOrAlias), get(acmeAdmin, "/summary?organization=" + idOrAlias));
        }
        assertEquals(1, get(acmeAdmin, "/summary?organization=acme").path("actions").asLong());
        assertEquals(get(full, "/usage?organization=acme&interval=week"), get(acmeAdmin, "/usage?organization=acme&interval=week"));
        assertEquals(200, send(acmeAdmin, "/usage?organization=acme&format=csv").status());
        JsonNode ranked = get(acmeAdmin, "/leaderboard?by=organization");
        assertEquals(List.of("acme"), aliases(ranked.path("organizations")), "ranked among its own organizations only");
        assertEquals(1, ranked.path("organizations").get(0).path("rank").asInt());

        // Another organization, an unknown one, none at all or the realm's totals: one answer, 403.
        for (String path : List.of("/organizations/globex", "/organizations/" + globex, "/organizations/unknown-org",
                "/summary", "/summary?organization=globex", "/summary?organization=unknown-org", "/summary?organization=acme&group=/Team",
                "/usage", "/usage?organization=" + globex, "/usage?format=csv")) {
            assertForbidden(acmeAdmin, path);
        }
        PEOPLE_AND_EVENTS.forEach(path -> assertForbidden(acmeAdmin, path));
        assertForbidden(acmeAdmin, "/users/" + alice + "?organization=acme");
        assertTrue(send(acmeAdmin, "/summary").json().path("message").asText().contains("organization="), "says what to name");

        // Keycloak's own organization API decides the same for this admin.
        assertEquals(200, send(acmeAdmin, keycloakOrganization(acme)).status());
        assertEquals(403, send(acmeAdmin, keycloakOrganization(globex)).status());
    }

    @Test
    void realmWideOrganizationRightsReadEveryOrganizationsTotalsButNotTheRealms() {
        for (String token : List.of(viewer, manager)) {
            if (!organizationPermissions) {
                assertAllForbidden(token);
                continue;
            }
            assertEquals(get(full, "/organizations"), get(token, "/organizations"));
            assertEquals(get(full, "/organizations/globex"), get(token, "/organizations/globex"));
            assertEquals(get(full, "/summary?organization=globex"), get(token, "/summary?organization=globex"));
            assertEquals(List.of("globex", "acme"), aliases(get(token, "/leaderboard?by=organization").path("organizations")));
            for (String path : List.of("/summary", "/usage", "/summary?organization=unknown-org", "/organizations/unknown-org",
                    "/summary?organization=globex&group=/Team")) {
                assertForbidden(token, path);
            }
            PEOPLE_AND_EVENTS.forEach(path -> assertForbidden(token, path));
        }
    }

    @Test
    void withoutARightToViewAnOrganizationEverythingIsForbidden() {
        assertAllForbidden(nobody);
        // Listing without viewing: Keycloak's own list shows this admin no organization either.
        assertAllForbidden(lister);
        if (organizationPermissions) {
            Http.Response own = send(lister, "/admin/realms/" + realm.name() + "/organizations");
            assertEquals(200, own.status(), own.body());
            assertEquals(0, own.json().size(), own.body());
        }
    }

    private static void assertAllForbidden(String token) {
        List<String> paths = new ArrayList<>(List.of("/organizations", "/organizations?format=csv", "/organizations/acme",
                "/organizations/" + acme, "/summary", "/summary?organization=acme", "/usage?organization=acme",
                "/leaderboard?by=organization", "/users/" + alice));
        paths.addAll(PEOPLE_AND_EVENTS);
        paths.forEach(path -> assertForbidden(token, path));
    }

    private static void assertForbidden(String token, String path) {
        Http.Response r = send(token, path);
        assertEquals(403, r.status(), path + " -> " + r.body());
        assertEquals("forbidden", r.json().path("error").asText(), path + " -> " + r.body());
    }

    /** A user of the realm holding these realm-management roles (made first where this Keycloak has none of that name), and their token. */
    private static String admin(String username, String... roles) {
        String id = realm.user(username);
        for (String role : roles) {
            String rm = realmManagement();
            if (realm.admin().getJson("/admin/realms/" + realm.name() + "/clients/" + rm + "/roles/" + role).status() == 404) {
                realm.admin().postJson("/admin/realms/" + realm.name() + "/clients/" + rm + "/roles", Map.of("name", role))
                        .ok("role " + role + " by hand");
            }
            Fixtures.grantRealmManagementRole(realm, id, role);
        }
        return Tokens.password(realm.name(), "admin-cli", null, username, Fixtures.PASSWORD);
    }

    private static String realmManagement() {
        return realm.admin().getJson("/admin/realms/" + realm.name() + "/clients?clientId=realm-management").ok("realm-management")
                .json().get(0).path("id").asText();
    }

    /**
     * A fine-grained admin permission (v2, the realm's {@code admin-permissions} client): scope
     * {@code view} of resource type {@code Organizations}, on one organization, for one user.
     */
    private static Http.Response viewPermission(String username, String organizationId) {
        String r = "/admin/realms/" + realm.name();
        String client = realm.admin().getJson(r + "/clients?clientId=admin-permissions").ok("admin-permissions client").json()
                .get(0).path("id").asText();
        String userId = realm.admin().getJson(r + "/users?exact=true&username=" + username).ok(username).json().get(0).path("id").asText();
        String authz = r + "/clients/" + client + "/authz/resource-server";
        String policy = realm.admin().postJson(authz + "/policy/user", Map.of("name", "only " + username, "users", List.of(userId)))
                .ok("user policy").json().path("id").asText();
        return realm.admin().postJson(authz + "/permission/scope", Map.of("name", username + " views " + organizationId,
                "resourceType", "Organizations", "resources", List.of(organizationId), "scopes", List.of("view"),
                "policies", List.of(policy)));
    }

    private static String keycloakOrganization(String id) {
        return "/admin/realms/" + realm.name() + "/organizations/" + id;
    }

    private static void accepted(String token, String action) {
        Http.Response r = Http.send("POST", realm.actionsUrl(), token, Map.of("action", action));
        assertEquals(202, r.status(), r.body());
    }

    /** {@code path} under the reports' base, or a path of Keycloak's own admin API. */
    private static Http.Response send(String token, String path) {
        String url = path.startsWith("/admin/") ? KeycloakServer.get().baseUrl() + path : base + path;
        return Http.send("GET", url, token, null);
    }

    private static JsonNode get(String token, String path) {
        Http.Response r = send(token, path);
        assertEquals(200, r.status(), path + " -> " + r.body());
        return r.json();
    }

    private static JsonNode row(String token, String alias) {
        for (JsonNode o : get(token, "/organizations").path("organizations")) {
            if (o.path("alias").asText().equals(alias)) {
                return o;
            }
        }
        throw new AssertionError("no row " + alias);
    }

    private static List<String> aliases(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(o -> out.add(o.path("alias").asText()));
        return out;
    }

    private static List<CSVRecord> csv(String token, String path) throws Exception {
        Http.Response r = send(token, path);
        assertEquals(200, r.status(), r.body());
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(new StringReader(r.body())).getRecords();
    }
}
