package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Org Analytics page as the real Keycloak serves it: addresses, content types, caching and
 * security headers, no way out of its folder, and the sign-in client the extension creates in every
 * realm (checked through Keycloak's own authorization endpoint). The page in a browser:
 * {@link ConsoleBrowserIT}.
 */
class ConsolePageIT {

    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static Fixtures.Realm realm;
    private static String page;

    @BeforeAll
    static void realm() {
        realm = Fixtures.realm("page");
        page = KeycloakServer.get().baseUrl() + "/realms/" + realm.name() + "/org-analytics/console/";
    }

    private static HttpResponse<String> get(String url) {
        try {
            return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    /** The hashed folder the index points its assets to, e.g. "assets/1a2b3c4d5e6f". */
    private static String assetFolder(String html) {
        Matcher m = Pattern.compile("src=\"(assets/[0-9a-f]{12})/main\\.js\"").matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    @Test
    void theFolderAddressRedirectsToThePage() {
        HttpResponse<String> r = get(page.substring(0, page.length() - 1));
        assertEquals(302, r.statusCode());
        assertTrue(header(r, "Location").endsWith("/realms/" + realm.name() + "/org-analytics/console/"), header(r, "Location"));
    }

    @Test
    void indexIsHtmlNeverCachedWithAStrictPolicy() {
        HttpResponse<String> r = get(page);
        assertEquals(200, r.statusCode());
        assertEquals("text/html;charset=utf-8", header(r, "Content-Type").replace(" ", "").toLowerCase());
        assertEquals("no-store", header(r, "Cache-Control"));
        String csp = header(r, "Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'none'; script-src 'self'; style-src 'self'"), csp);
        assertFalse(csp.contains("unsafe"), csp);
        assertEquals(1, r.headers().allValues("Content-Security-Policy").size(), "Keycloak's realm policy must not be added");
        assertEquals("DENY", header(r, "X-Frame-Options"));
        assertEquals("nosniff", header(r, "X-Content-Type-Options"));
        assertTrue(r.body().contains("<h1 data-testid=\"org-name\">" + realm.name() + "</h1>"), "the realm's name, as it has no display name");
        assertFalse(r.body().contains("{{"), "every placeholder filled");
    }

    @Test
    void assetsHaveTheirTypesAndAreCached() {
        String assets = page + assetFolder(get(page).body());
        for (Map.Entry<String, String> file : Map.of("main.js", "text/javascript", "oidc.js", "text/javascript",
                "app.css", "text/css", "icon.svg", "image/svg+xml").entrySet()) {
            HttpResponse<String> r = get(assets + "/" + file.getKey());
            assertEquals(200, r.statusCode(), file.getKey());
            assertTrue(header(r, "Content-Type").startsWith(file.getValue()), file.getKey() + ": " + header(r, "Content-Type"));
            assertEquals("public, max-age=31536000, immutable", header(r, "Cache-Control"), file.getKey());
            assertTrue(r.body().length() > 50, file.getKey());
        }
    }

    @Test
    void nothingOutsideThePageCanBeReached() {
        String folder = assetFolder(get(page).body());
        // Every way out we could think of, raw (the JDK client sends dots and escapes as given).
        for (String path : List.of("..%2F..%2Forg-analytics%2Fopenapi.json", "%2e%2e/%2e%2e/META-INF/MANIFEST.MF",
                folder + "/..%2F..%2F..%2Forg-analytics-changelog.xml", folder + "/%2e%2e%2f%2e%2e%2findex.html",
                folder + "/..%5c..%5cMETA-INF%5cMANIFEST.MF", folder + "/%2Fetc%2Fpasswd", folder + "/main.js%00.html",
                "assets/000000000000/main.js", "openapi.json", "META-INF/org-analytics/openapi.json", "main.js",
                "dev/orgalytics/OrgAnalytics.class", folder + "/../../../actions", folder + "/")) {
            HttpResponse<String> r = get(page + path);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400 || r.statusCode() == 405, path + " -> " + r.statusCode());
            assertFalse(r.body().contains("openapi") || r.body().contains("Manifest-Version") || r.body().contains("root:"), path);
        }
        HttpResponse<String> missing = get(page + "nope.html");
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", jsonError(missing.body()));
    }

    private static String jsonError(String body) {
        try {
            return Http.JSON.readTree(body).path("error").asText();
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    @Test
    void everyRealmGetsAPublicPkceClientLimitedToThePage() {
        for (String realmName : List.of(realm.name(), "master")) {
            JsonNode c = realm.admin().getJson("/admin/realms/" + realmName + "/clients?clientId=org-analytics-console")
                    .ok("console client").json().get(0);
            String path = "/realms/" + realmName + "/org-analytics/console/";
            assertTrue(c.path("publicClient").asBoolean(), realmName);
            assertTrue(c.path("standardFlowEnabled").asBoolean(), realmName);
            assertFalse(c.path("implicitFlowEnabled").asBoolean(), realmName);
            assertFalse(c.path("directAccessGrantsEnabled").asBoolean(), realmName);
            assertFalse(c.path("serviceAccountsEnabled").asBoolean(), realmName);
            assertEquals("S256", c.path("attributes").path("pkce.code.challenge.method").asText(), realmName);
            assertEquals("true", c.path("attributes").path("client.use.lightweight.access.token.enabled").asText(),
                    realmName + ": tokens that name no roles, whatever the number of realms");
            assertEquals(path + "*", c.path("redirectUris").get(0).asText(), realmName);
            assertEquals(1, c.path("redirectUris").size(), "only the page: " + c.path("redirectUris"));
            assertEquals("+", c.path("webOrigins").get(0).asText(), realmName);
            assertEquals("${authBaseUrl}", c.path("rootUrl").asText(), realmName);
            assertEquals(path, c.path("baseUrl").asText(), realmName);
        }
    }

    @Test
    void keycloakEnforcesPkceAndTheRedirect() {
        String auth = KeycloakServer.get().baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/auth"
                + "?client_id=org-analytics-console&response_type=code&scope=openid&state=s1&redirect_uri=";
        // Without a code challenge: Keycloak sends the browser back to the page with an error.
        HttpResponse<String> noPkce = get(auth + enc(page));
        assertEquals(302, noPkce.statusCode());
        String location = header(noPkce, "Location");
        assertTrue(location.startsWith(page) && location.contains("error=invalid_request"), location);
        // A plain challenge is refused too: S256 only.
        HttpResponse<String> plain = get(auth + enc(page) + "&code_challenge=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG&code_challenge_method=plain");
        assertTrue(header(plain, "Location").contains("error=invalid_request"), header(plain, "Location"));
        // With S256: the login page.
        HttpResponse<String> ok = get(auth + enc(page) + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("kc-form-login") || ok.body().contains("id=\"username\""));
        // Anywhere else: refused outright, nobody is redirected.
        for (String elsewhere : List.of("https://evil.test/", KeycloakServer.get().baseUrl() + "/realms/" + realm.name() + "/account/")) {
            HttpResponse<String> r = get(auth + enc(elsewhere) + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
            assertEquals(400, r.statusCode(), elsewhere);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
