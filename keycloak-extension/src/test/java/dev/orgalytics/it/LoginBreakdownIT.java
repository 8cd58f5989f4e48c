package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /insights/logins} against the real Keycloak: password logins through two clients, wrong
 * passwords and an unknown username, Ann a member of Acme before her logins.
 *
 * <pre>
 * client   logins           failures
 * web      ann, ann         ben (wrong password) twice
 * portal   ann, ben         "nobody" (unknown user)
 * </pre>
 */
class LoginBreakdownIT {

    private static Fixtures.Realm realm;
    private static String api;

    @BeforeAll
    static void seed() {
        realm = Fixtures.realm("breakdown");
        api = "/admin/realms/" + realm.name() + "/org-analytics/insights/logins";
        realm.admin().createPublicClient(realm.name(), "portal");
        String ann = realm.user("ann");
        realm.user("ben");
        Fixtures.enableOrganizations(realm);
        Fixtures.joinOrganization(realm, Fixtures.organization(realm, "Acme", "acme"), ann);

        realm.token("ann");
        realm.token("ann");
        Tokens.password(realm.name(), "portal", null, "ann", Fixtures.PASSWORD);
        Tokens.password(realm.name(), "portal", null, "ben", Fixtures.PASSWORD);
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "ben", "wrong"));
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "ben", "wrong-again"));
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "portal", null, "nobody", "x"));
        Fixtures.await("seven logins stored", () -> Fixtures.count(
                "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR')", realm.id()) == 7);
    }

    @Test
    void loginsByClientIdentityProviderAndError() {
        JsonNode body = realm.admin().getJson(api).ok("breakdown").json();
        assertEquals(realm.name(), body.path("realm").asText());
        assertEquals(List.of("web 2 2 2 false", "portal 2 1 2 false"),
                rows(body.path("byClient"), "clientId", "logins", "failedLogins", "users", "other"));
        // Password logins: no identity provider.
        assertEquals(List.of("null 4 2 false"), rows(body.path("byIdentityProvider"), "identityProvider", "logins", "users", "other"));
        // The unknown username's failure is in no user.
        assertEquals(List.of("invalid_user_credentials 2 1 false", "user_not_found 1 0 false"),
                rows(body.path("byError"), "error", "failedLogins", "users", "other"));

        JsonNode acme = realm.admin().getJson(api + "?organization=acme").ok("acme").json();
        assertEquals(List.of("web 2 0 1 false", "portal 1 0 1 false"),
                rows(acme.path("byClient"), "clientId", "logins", "failedLogins", "users", "other"));
        assertEquals(List.of(), rows(acme.path("byError"), "error", "failedLogins", "users", "other"));
    }

    @Test
    void csvIsOneTableWithADimensionColumn() throws Exception {
        Http.Response csv = realm.admin().getJson(api + "?format=csv").ok("csv");
        List<String> lines = new ArrayList<>();
        for (CSVRecord r : CSVFormat.RFC4180.parse(new StringReader(csv.body()))) {
            lines.add(String.join(" ", r.toList()));
        }
        assertEquals(List.of("dimension value logins failedLogins users other",
                "client web 2 2 2 false", "client portal 2 1 2 false",
                "identityProvider  4 0 2 false",
                "error invalid_user_credentials 0 2 1 false", "error user_not_found 0 1 0 false"), lines);
    }

    private static List<String> rows(JsonNode list, String... fields) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : list) {
            List<String> values = new ArrayList<>();
            for (String f : fields) {
                values.add(row.path(f).isNull() ? "null" : row.path(f).asText());
            }
            assertEquals(List.of(fields), JsonLists.fields(row), "the row's fields, in order");
            out.add(String.join(" ", values));
        }
        return out;
    }
}
