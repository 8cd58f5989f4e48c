package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.capture.BackfillBody;

/**
 * Hostile input against the real Keycloak, as a table: action bodies, headers, tokens, report
 * parameters and page paths. Each case asserts its status, the API's {@code {"error", "message"}}
 * body (with {@code details} where the action endpoint names the problem), {@code Cache-Control:
 * no-store} on report answers, and that the realm holds no action (nor backfilled login)
 * afterwards. Runs in every database pass, where what the validators let through must also be
 * storable.
 */
class BadInputIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String JOB = "{\"action\": \"job_posted\"";

    private static Fixtures.Realm realm;
    private static String base, actions, reports;
    private static String userId, otherUserId, recorderSaId, plainSaId;
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();
    /**
     * The master admin's newest token. The cases hold the first ({@code TOKENS}' "master"); master's
     * tokens live 60 s and the table takes longer on a busy machine, so {@link #check} sends this one
     * in its place.
     */
    private static String masterNow;
    private static long masterIssuedAt;

    /** One request and what it must be answered with. */
    record Case(String name, String method, String url, Map<String, String> headers, byte[] body,
                int status, String error, boolean details) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        realm = Fixtures.realm("bad-input");
        base = KeycloakServer.get().baseUrl();
        actions = realm.actionsUrl();
        reports = base + "/admin/realms/" + realm.name() + "/org-analytics";
        AdminClient admin = realm.admin();
        userId = realm.user("mallory");
        otherUserId = realm.user("victim");
        realm.user("gone");
        String offId = realm.user("off");
        realm.user("nobody");

        AdminClient.ConfidentialClient recorder = admin.createConfidentialClient(realm.name(), "recorder", true);
        recorderSaId = admin.serviceAccountUserId(realm.name(), recorder.uuid());
        admin.assignRealmRole(realm.name(), recorderSaId, "org-analytics-recorder");
        AdminClient.ConfidentialClient plain = admin.createConfidentialClient(realm.name(), "plain-backend", true);
        plainSaId = admin.serviceAccountUserId(realm.name(), plain.uuid());

        TOKENS.put("user", realm.token("mallory"));
        String strictUuid = admin.createPublicClient(realm.name(), "strict-web");
        admin.putJson("/admin/realms/" + realm.name() + "/clients/" + strictUuid, Map.of("clientId", "strict-web",
                "webOrigins", List.of("https://app.example.test"), "redirectUris", List.of("https://app.example.test/*"))).ok("web origins");
        TOKENS.put("strictOrigin", Tokens.password(realm.name(), "strict-web", null, "mallory", Fixtures.PASSWORD));
        TOKENS.put("recorder", Tokens.clientCredentials(realm.name(), "recorder", recorder.secret()));
        TOKENS.put("plainSa", Tokens.clientCredentials(realm.name(), "plain-backend", plain.secret()));
        TOKENS.put("nobody", Tokens.password(realm.name(), "admin-cli", null, "nobody", Fixtures.PASSWORD));

        JsonNode grant = Http.postForm(Tokens.tokenUrl(realm.name()), Map.of("grant_type", "password", "client_id", Fixtures.WEB_CLIENT,
                "username", "mallory", "password", Fixtures.PASSWORD, "scope", "openid")).ok("openid grant").json();
        TOKENS.put("id", grant.path("id_token").asText());
        TOKENS.put("refresh", grant.path("refresh_token").asText());
        String access = grant.path("access_token").asText();
        String[] jws = access.split("\\.");
        TOKENS.put("algNone", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + jws[1] + ".");
        TOKENS.put("algNoneUnsigned", b64("{\"alg\":\"none\"}") + "." + jws[1]);
        TOKENS.put("algMissing", b64("{\"typ\":\"JWT\"}") + "." + jws[1] + "." + jws[2]);
        TOKENS.put("algUnknown", b64("{\"alg\":\"XX999\",\"typ\":\"JWT\"}") + "." + jws[1] + "." + jws[2]);
        TOKENS.put("algHs256", b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + jws[1] + "." + jws[2]);
        TOKENS.put("tampered", jws[0] + "." + b64(new String(Base64.getUrlDecoder().decode(jws[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"", "\"sub\":\"x")) + "." + jws[2]);
        TOKENS.put("noSignature", jws[0] + "." + jws[1] + ".");
        TOKENS.put("garbage", "garbage");
        TOKENS.put("threeParts", "a.b.c");
        TOKENS.put("fiveParts", "a.b.c.d.e");
        TOKENS.put("master", masterToken());
        Fixtures.Realm other = Fixtures.realm("bad-input-other");
        other.user("mallory");
        TOKENS.put("otherRealm", other.token("mallory"));

        // A token of a session that was logged out, and of a user who was disabled after login.
        TOKENS.put("loggedOut", realm.token("gone"));
        admin.postJson("/admin/realms/" + realm.name() + "/users/" + admin.getJson("/admin/realms/" + realm.name()
                + "/users?username=gone&exact=true").ok("gone").json().get(0).path("id").asText() + "/logout", null).ok("logout");
        TOKENS.put("disabled", realm.token("off"));
        admin.putJson("/admin/realms/" + realm.name() + "/users/" + offId, Map.of("enabled", false)).ok("disable");

        // An expired token: one issued while the realm's tokens lived one second.
        admin.updateRealm(realm.name(), Map.of("accessTokenLifespan", 1));
        TOKENS.put("expired", realm.token("mallory"));
        admin.updateRealm(realm.name(), Map.of("accessTokenLifespan", 300));
        Thread.sleep(2500);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRefusedCleanly() {
        List<Case> cases = new ArrayList<>();
        ingestionBodies(cases);
        ingestionHeaders(cases);
        tokens(cases);
        serviceAccounts(cases);
        reportParameters(cases);
        consolePaths(cases);
        assertTrue(cases.size() >= 150, "the suite holds " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    /** Whatever validation accepts, the database stores exactly: four-byte characters, tabs, limits, extreme numbers. */
    @org.junit.jupiter.api.Test
    void acceptedEdgesAreStoredExactlyOnEveryDatabase() throws Exception {
        Fixtures.Realm edges = Fixtures.realm("bad-input-edges");
        String ada = edges.user("ada");
        String token = edges.token("ada");
        String name = "\ud83d\udc69\u200d\ud83d\udcbb Ada\tLovelace\r\nline two \u2028 \ufeff";
        String page = "/\u00fc/\ud83d\ude00/" + "\u00e9".repeat(500);
        String id = "caf\u00e9-\ud83d\ude00-" + "k".repeat(52);
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("action", "profile_viewed");
        action.put("id", id);
        action.put("page", page);
        action.put("target", Map.of("type", "\u5019\u88dc\u8005", "id", "\u00e9".repeat(255), "name", name));
        String properties = "{\"note\":\"" + "tab\\there \\ud83d\\ude00" + "\",\"max\":1.7976931348623157E308,\"min\":4.9E-324,"
                + "\"big\":9223372036854775807,\"small\":-9223372036854775808,\"zero\":-0.0,\"yes\":true,\"none\":null,"
                + "\"\u043a\u043b\u044e\u0447\":\"\u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435\"}";
        String body = Http.JSON.writeValueAsString(action);
        body = "\ufeff" + body.substring(0, body.length() - 1) + ",\"properties\":" + properties + "}";
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(edges.actionsUrl()))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        Map<String, Object> row = Fixtures.query("SELECT * FROM OA_ACTION WHERE REALM_ID = ?", edges.id()).get(0);
        assertEquals(ada, row.get("USER_ID"));
        assertEquals(id, row.get("CLIENT_KEY"));
        assertEquals(page, row.get("PAGE"));
        assertEquals("\u5019\u88dc\u8005", row.get("TARGET_TYPE"));
        assertEquals("\u00e9".repeat(255), row.get("TARGET_ID"));
        assertEquals(name, row.get("TARGET_NAME"));
        JsonNode stored = Http.JSON.readTree((String) row.get("PROPERTIES"));
        assertEquals("tab\there \ud83d\ude00", stored.path("note").asText());
        assertEquals(Double.MAX_VALUE, stored.path("max").doubleValue());
        assertEquals(Double.MIN_VALUE, stored.path("min").doubleValue());
        assertEquals(Long.MAX_VALUE, stored.path("big").longValue());
        assertEquals(Long.MIN_VALUE, stored.path("small").longValue());
        assertEquals("\u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435", stored.path("\u043a\u043b\u044e\u0447").asText());
        // The same action read back through the report API, unchanged.
        JsonNode listed = edges.admin().getJson("/admin/realms/" + edges.name() + "/org-analytics/actions").ok("actions").json();
        assertEquals(name, listed.path("actions").get(0).path("target").path("name").asText());
        assertFalse(listed.path("actions").isEmpty());
    }

    private static String masterToken() {
        masterNow = Tokens.password("master", "admin-cli", null, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        masterIssuedAt = System.currentTimeMillis();
        return masterNow;
    }

    private static synchronized String freshMasterToken() {
        return System.currentTimeMillis() - masterIssuedAt > 30_000 ? masterToken() : masterNow;
    }

    private static void check(Case c) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.url())).timeout(Duration.ofSeconds(60));
        c.headers().forEach((k, v) -> {
            for (String value : v.split("\n")) {
                b.header(k, value.equals("Bearer " + TOKENS.get("master")) ? "Bearer " + freshMasterToken() : value);
            }
        });
        b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String what = c.name() + " -> HTTP " + r.statusCode() + " " + r.body();
        assertEquals(c.status(), r.statusCode(), what);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what);
        JsonNode body = Http.JSON.readTree(r.body());
        assertEquals(c.error(), body.path("error").asText(), what);
        // A path that is not normalized never reaches Keycloak's resources, let alone ours: its HTTP
        // layer answers with its own OAuth2-style body, the one shape here that is not the API's.
        String messageKey = c.error().equals("missingNormalization") ? "error_description" : "message";
        assertTrue(body.path(messageKey).isTextual() && body.path(messageKey).asText().length() > 3, what);
        if (c.details()) {
            assertTrue(body.path("details").isArray() && !body.path("details").isEmpty(), what);
            for (JsonNode d : body.path("details")) {
                assertTrue(d.has("index") && d.has("field") && d.path("message").asText().length() > 3, what);
            }
        }
        if (c.url().startsWith(reports)) {
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), what);
        }
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()), what);
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM OA_REALM_ACTION_COUNT WHERE REALM_ID = ?", realm.id()), what);
        assertEquals(0, Fixtures.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE ID LIKE ?", "bad-body-%"), what);
        assertEquals(0, Fixtures.count("SELECT COALESCE(SUM(ACTIONS), 0) FROM OA_USER_ACTIVITY WHERE REALM_ID = ?", realm.id()), what);
    }

    // ------------------------------------------------------------------ the table

    private static void post(List<Case> cases, String name, String body, int status, String error, boolean details) {
        post(cases, name, body.getBytes(StandardCharsets.UTF_8), status, error, details);
    }

    private static void post(List<Case> cases, String name, byte[] body, int status, String error, boolean details) {
        cases.add(new Case("body: " + name, "POST", actions, json(TOKENS.get("user")), body, status, error, details));
    }

    private static Map<String, String> json(String token) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        return h;
    }

    private static void invalid(List<Case> cases, String name, String body) {
        post(cases, name, body, 400, "invalid_request", true);
    }

    private static byte[] bytes(String before, int[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void ingestionBodies(List<Case> cases) {
        // More than one JSON value, or something after it.
        invalid(cases, "garbage after the object", JOB + "} garbage");
        invalid(cases, "two objects", JOB + "}" + JOB + "}");
        invalid(cases, "two objects on two lines", JOB + "}\n" + JOB + "}");
        invalid(cases, "a closing bracket after the object", JOB + "}]");
        invalid(cases, "a comment after the object", JOB + "} // done");
        invalid(cases, "a number after the object", JOB + "} 1");
        invalid(cases, "a comment before the object", "/* c */ " + JOB + "}");
        // Not JSON, or not an object.
        invalid(cases, "empty body", "");
        invalid(cases, "blank body", "   \n ");
        invalid(cases, "an array", "[" + JOB + "}]");
        invalid(cases, "a string", "\"job_posted\"");
        invalid(cases, "a number", "42");
        invalid(cases, "null", "null");
        invalid(cases, "true", "true");
        invalid(cases, "an unclosed object", JOB);
        invalid(cases, "a missing value", "{\"action\": }");
        invalid(cases, "single quotes", "{'action': 'job_posted'}");
        invalid(cases, "unquoted key", "{action: \"job_posted\"}");
        invalid(cases, "a trailing comma", JOB + ",}");
        invalid(cases, "a raw NUL outside strings", JOB + "}\u0000");
        invalid(cases, "a raw line break inside a string", "{\"action\": \"job_posted\", \"page\": \"/a\nb\"}");
        invalid(cases, "a raw NUL inside a string", "{\"action\": \"job_posted\", \"page\": \"/a\u0000b\"}");
        invalid(cases, "a bad escape", "{\"action\": \"job_posted\", \"page\": \"\\q\"}");
        invalid(cases, "a short unicode escape", "{\"action\": \"job_posted\", \"page\": \"\\u12\"}");
        invalid(cases, "nesting 2000 deep", "{\"action\": \"job_posted\", \"properties\": {\"a\": " + "[".repeat(2000) + "]".repeat(2000) + "}}");
        // Duplicate keys, at every level.
        invalid(cases, "duplicate action", "{\"action\": \"job_posted\", \"action\": \"profile_viewed\"}");
        invalid(cases, "duplicate id", "{\"action\": \"job_posted\", \"id\": \"a\", \"id\": \"b\"}");
        invalid(cases, "duplicate key in target", "{\"action\": \"job_posted\", \"target\": {\"id\": \"1\", \"id\": \"2\"}}");
        invalid(cases, "duplicate key in properties", "{\"action\": \"job_posted\", \"properties\": {\"k\": 1, \"k\": 2}}");
        invalid(cases, "duplicate actions", "{\"actions\": [" + JOB + "}], \"actions\": [" + JOB + "}]}");
        invalid(cases, "duplicate key in a batch item", "{\"actions\": [" + JOB + ", \"page\": \"/\", \"page\": \"/x\"}]}");
        // Numbers that are not finite or do not fit.
        invalid(cases, "1e999999", "{\"action\": \"job_posted\", \"properties\": {\"n\": 1e999999}}");
        invalid(cases, "-1e999999", "{\"action\": \"job_posted\", \"properties\": {\"n\": -1e999999}}");
        invalid(cases, "1e309", "{\"action\": \"job_posted\", \"properties\": {\"n\": 1e309}}");
        invalid(cases, "2^63", "{\"action\": \"job_posted\", \"properties\": {\"n\": 9223372036854775808}}");
        invalid(cases, "-2^63-1", "{\"action\": \"job_posted\", \"properties\": {\"n\": -9223372036854775809}}");
        invalid(cases, "a 400-digit integer", "{\"action\": \"job_posted\", \"properties\": {\"n\": 1" + "0".repeat(400) + "}}");
        invalid(cases, "NaN", "{\"action\": \"job_posted\", \"properties\": {\"n\": NaN}}");
        invalid(cases, "Infinity", "{\"action\": \"job_posted\", \"properties\": {\"n\": Infinity}}");
        invalid(cases, "hex number", "{\"action\": \"job_posted\", \"properties\": {\"n\": 0x10}}");
        invalid(cases, "leading zero", "{\"action\": \"job_posted\", \"properties\": {\"n\": 012}}");
        invalid(cases, "leading plus", "{\"action\": \"job_posted\", \"properties\": {\"n\": +1}}");
        invalid(cases, "leading dot", "{\"action\": \"job_posted\", \"properties\": {\"n\": .5}}");
        // NUL and other control characters, escaped (valid JSON), in each field.
        for (String field : List.of("id", "page", "userId")) {
            invalid(cases, "NUL in " + field, "{\"action\": \"job_posted\", \"" + field + "\": \"a\\u0000b\"}");
        }
        for (String field : List.of("type", "id", "name")) {
            invalid(cases, "NUL in target." + field, "{\"action\": \"job_posted\", \"target\": {\"" + field + "\": \"a\\u0000\"}}");
        }
        invalid(cases, "NUL in a property value", "{\"action\": \"job_posted\", \"properties\": {\"k\": \"\\u0000\"}}");
        invalid(cases, "NUL in a property key", "{\"action\": \"job_posted\", \"properties\": {\"k\\u0000\": \"v\"}}");
        invalid(cases, "NUL in the action", "{\"action\": \"job_posted\\u0000\"}");
        invalid(cases, "U+0001 in page", "{\"action\": \"job_posted\", \"page\": \"/\\u0001\"}");
        invalid(cases, "ESC in a property value", "{\"action\": \"job_posted\", \"properties\": {\"k\": \"\\u001b[31m\"}}");
        invalid(cases, "DEL in id", "{\"action\": \"job_posted\", \"id\": \"a\\u007f\"}");
        invalid(cases, "C1 NEL in target.name", "{\"action\": \"job_posted\", \"target\": {\"name\": \"a\\u0085b\"}}");
        invalid(cases, "tab in page (not free text)", "{\"action\": \"job_posted\", \"page\": \"/a\\tb\"}");
        invalid(cases, "line break in id (not free text)", "{\"action\": \"job_posted\", \"id\": \"a\\nb\"}");
        invalid(cases, "line break in target.type", "{\"action\": \"job_posted\", \"target\": {\"type\": \"a\\r\\nb\"}}");
        invalid(cases, "unpaired high surrogate in target.name", "{\"action\": \"job_posted\", \"target\": {\"name\": \"\\ud800\"}}");
        invalid(cases, "unpaired low surrogate in page", "{\"action\": \"job_posted\", \"page\": \"/\\udc00x\"}");
        invalid(cases, "reversed surrogates in a property", "{\"action\": \"job_posted\", \"properties\": {\"k\": \"\\udc00\\ud800\"}}");
        // Bytes that are not UTF-8.
        post(cases, "byte 0xFF", bytes(JOB + ", \"page\": \"/", new int[] {0xFF}, "\"}"), 400, "invalid_request", true);
        post(cases, "Latin-1 e acute", bytes(JOB + ", \"target\": {\"name\": \"Ren", new int[] {0xE9}, "\"}}"), 400, "invalid_request", true);
        post(cases, "overlong slash", bytes(JOB + ", \"page\": \"", new int[] {0xC0, 0xAF}, "\"}"), 400, "invalid_request", true);
        post(cases, "encoded surrogate (CESU-8)", bytes(JOB + ", \"page\": \"", new int[] {0xED, 0xA0, 0x80}, "\"}"), 400, "invalid_request", true);
        post(cases, "truncated sequence", bytes(JOB + ", \"page\": \"", new int[] {0xE2, 0x82}, "\"}"), 400, "invalid_request", true);
        post(cases, "lead byte beyond U+10FFFF", bytes(JOB + ", \"page\": \"", new int[] {0xF5, 0x80, 0x80, 0x80}, "\"}"), 400, "invalid_request", true);
        post(cases, "lone continuation byte", bytes(JOB + ", \"id\": \"", new int[] {0x80}, "\"}"), 400, "invalid_request", true);
        post(cases, "UTF-16LE body", (JOB + "}").getBytes(StandardCharsets.UTF_16LE), 400, "invalid_request", true);
        post(cases, "UTF-16 body with BOM", (JOB + "}").getBytes(StandardCharsets.UTF_16), 400, "invalid_request", true);
        // Fields that break the wire format's rules.
        invalid(cases, "unknown field", JOB + ", \"colour\": \"red\"}");
        invalid(cases, "no action", "{\"page\": \"/\"}");
        invalid(cases, "action not a string", "{\"action\": 1}");
        invalid(cases, "action upper case", "{\"action\": \"Job_Posted\"}");
        invalid(cases, "action with a space", "{\"action\": \"job posted\"}");
        invalid(cases, "action of 65 characters", "{\"action\": \"a" + "b".repeat(64) + "\"}");
        invalid(cases, "empty id", JOB + ", \"id\": \"\"}");
        invalid(cases, "id of 65 characters", JOB + ", \"id\": \"" + "i".repeat(65) + "\"}");
        invalid(cases, "page of 513 characters", JOB + ", \"page\": \"" + "p".repeat(513) + "\"}");
        invalid(cases, "target a string", JOB + ", \"target\": \"candidate\"}");
        invalid(cases, "unknown target field", JOB + ", \"target\": {\"kind\": \"x\"}}");
        invalid(cases, "target.name of 256 characters", JOB + ", \"target\": {\"name\": \"" + "n".repeat(256) + "\"}}");
        invalid(cases, "properties an array", JOB + ", \"properties\": [1]}");
        invalid(cases, "nested property", JOB + ", \"properties\": {\"a\": {\"b\": 1}}}");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 21; i++) many.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": 1");
        invalid(cases, "21 properties", JOB + ", \"properties\": {" + many + "}}");
        invalid(cases, "properties over 4 KiB", JOB + ", \"properties\": {\"k\": \"" + "x".repeat(4100) + "\"}}");
        invalid(cases, "occurredAt without offset", JOB + ", \"occurredAt\": \"2026-11-22T10:00:00\"}");
        invalid(cases, "occurredAt a number", JOB + ", \"occurredAt\": 1700000000000}");
        invalid(cases, "occurredAt in an hour", JOB + ", \"occurredAt\": \"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\"}");
        invalid(cases, "occurredAt 8 days ago", JOB + ", \"occurredAt\": \"" + Instant.now().minus(8, ChronoUnit.DAYS) + "\"}");
        invalid(cases, "occurredAt year 999999999", JOB + ", \"occurredAt\": \"+999999999-12-31T23:59:59Z\"}");
        invalid(cases, "empty batch", "{\"actions\": []}");
        invalid(cases, "actions not an array", "{\"actions\": {}}");
        invalid(cases, "batch with another key", "{\"actions\": [" + JOB + "}], \"page\": \"/\"}");
        invalid(cases, "batch item a string", "{\"actions\": [\"job_posted\"]}");
        invalid(cases, "one bad item spoils the batch", "{\"actions\": [" + JOB + "}, {\"action\": \"Bad\"}]}");
        invalid(cases, "userId a number", JOB + ", \"userId\": 7}");
        StringBuilder batch = new StringBuilder("{\"actions\": [");
        for (int i = 0; i < 501; i++) batch.append(i == 0 ? "" : ",").append(JOB).append("}");
        post(cases, "501 actions", batch.append("]}").toString(), 413, "request_too_large", true);
        post(cases, "body over 1 MiB", JOB + ", \"page\": \"" + "x".repeat(1024 * 1024) + "\"}", 413, "request_too_large", false);
        post(cases, "userId of another user", JOB + ", \"userId\": \"" + otherUserId + "\"}", 403, "forbidden", false);
    }

    private static void ingestionHeaders(List<Case> cases) {
        byte[] ok = (JOB + "}").getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x",
                "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/jsonx", "text/json")) {
            Map<String, String> h = json(TOKENS.get("user"));
            h.put("Content-Type", type);
            cases.add(new Case("header: Content-Type " + type, "POST", actions, h, ok, 415, "unsupported_media_type", true));
        }
        Map<String, String> noType = new LinkedHashMap<>(Map.of("Authorization", "Bearer " + TOKENS.get("user")));
        cases.add(new Case("header: no Content-Type", "POST", actions, noType, ok, 415, "unsupported_media_type", true));
        for (String auth : List.of("Basic bWFsbG9yeTpTZWNyZXQtcHctMQ==", "Bearer", "Bearer ", "Token " + TOKENS.get("user"),
                TOKENS.get("user"), "Bearer " + TOKENS.get("user") + " extra")) {
            Map<String, String> h = json(null);
            h.put("Authorization", auth);
            cases.add(new Case("header: Authorization '" + auth.substring(0, Math.min(20, auth.length())) + "...'", "POST", actions, h, ok,
                    401, "invalid_token", false));
        }
        cases.add(new Case("header: no Authorization", "POST", actions, json(null), ok, 401, "invalid_token", false));
        Map<String, String> origin = json(TOKENS.get("strictOrigin"));
        origin.put("Origin", "https://evil.example");
        cases.add(new Case("header: Origin not a web origin of the client", "POST", actions, origin, ok, 403, "invalid_origin", false));
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            cases.add(new Case("method: " + method + " /actions", method, actions, json(TOKENS.get("user")), ok,
                    405, "method_not_allowed", false));
        }
        // No GET is declared on that path (only on console/...): JAX-RS answers 404, in the API's shape.
        cases.add(new Case("method: GET /actions", "GET", actions, json(TOKENS.get("user")), null, 404, "not_found", false));
        cases.add(new Case("path: unknown endpoint", "POST", base + "/realms/" + realm.name() + "/org-analytics/action",
                json(TOKENS.get("user")), ok, 404, "not_found", false));
    }

    private static void tokens(List<Case> cases) {
        byte[] ok = (JOB + "}").getBytes(StandardCharsets.UTF_8);
        for (String kind : List.of("algNone", "algNoneUnsigned", "algMissing", "algUnknown", "algHs256", "tampered", "noSignature", "garbage",
                "threeParts", "fiveParts", "id", "refresh", "expired", "otherRealm", "master", "loggedOut", "disabled")) {
            cases.add(new Case("token: " + kind + " on /actions", "POST", actions, json(TOKENS.get(kind)), ok, 401, "invalid_token", false));
            if (kind.equals("otherRealm")) {
                // A valid admin token of another realm: Keycloak authenticates it, and it may not read this realm.
                cases.add(new Case("token: otherRealm on /summary", "GET", reports + "/summary", json(TOKENS.get(kind)), null,
                        403, "forbidden", false));
            } else if (!kind.equals("master")) {
                cases.add(new Case("token: " + kind + " on /summary", "GET", reports + "/summary", json(TOKENS.get(kind)), null,
                        401, "invalid_token", false));
            }
        }
        cases.add(new Case("token: none on /summary", "GET", reports + "/summary", json(null), null, 401, "invalid_token", false));
        for (String report : List.of("/summary", "/users", "/actions", "/logins", "/insights/logins", "/organizations", "/openapi.json")) {
            cases.add(new Case("token: a user without admin roles on " + report, "GET", reports + report, json(TOKENS.get("nobody")), null,
                    403, "forbidden", false));
        }
    }

    /** Every stored action belongs to a user: no service account is ever the actor. */
    private static void serviceAccounts(List<Case> cases) {
        cases.add(new Case("service account: recorder for itself, no userId", "POST", actions, json(TOKENS.get("recorder")),
                (JOB + "}").getBytes(StandardCharsets.UTF_8), 400, "invalid_request", true));
        cases.add(new Case("service account: recorder naming itself", "POST", actions, json(TOKENS.get("recorder")),
                (JOB + ", \"userId\": \"" + recorderSaId + "\"}").getBytes(StandardCharsets.UTF_8), 400, "invalid_request", true));
        cases.add(new Case("service account: recorder for another service account", "POST", actions, json(TOKENS.get("recorder")),
                (JOB + ", \"userId\": \"" + plainSaId + "\"}").getBytes(StandardCharsets.UTF_8), 400, "invalid_request", true));
        cases.add(new Case("service account: a batch with one service-account item", "POST", actions, json(TOKENS.get("recorder")),
                ("{\"actions\": [" + JOB + ", \"userId\": \"" + userId + "\"}, " + JOB + ", \"userId\": \"" + plainSaId + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8), 400, "invalid_request", true));
        cases.add(new Case("service account: recorder for an unknown user", "POST", actions, json(TOKENS.get("recorder")),
                (JOB + ", \"userId\": \"00000000-0000-0000-0000-000000000000\"}").getBytes(StandardCharsets.UTF_8), 400, "invalid_request", true));
        cases.add(new Case("service account: without the recorder role, for itself", "POST", actions, json(TOKENS.get("plainSa")),
                (JOB + "}").getBytes(StandardCharsets.UTF_8), 400, "invalid_request", true));
        cases.add(new Case("service account: without the recorder role, for a user", "POST", actions, json(TOKENS.get("plainSa")),
                (JOB + ", \"userId\": \"" + userId + "\"}").getBytes(StandardCharsets.UTF_8), 403, "forbidden", false));
    }

    private static void report(List<Case> cases, String pathAndQuery, int status, String error) {
        cases.add(new Case("report: " + pathAndQuery, "GET", reports + pathAndQuery, json(TOKENS.get("master")), null, status, error, false));
    }

    private static void reportParameters(List<Case> cases) {
        List<String> all = List.of("/summary", "/users", "/users/" + userId, "/usage", "/leaderboard?period=custom&",
                "/actions", "/logins", "/insights/stalled?did=a&without=b&", "/insights/funnel?steps=a,b&", "/insights/retention",
                "/insights/logins");
        for (String r : all) {
            String q = r.endsWith("&") ? r : r + "?";
            report(cases, q + "from=%2B999999998-01-01T00:00:00Z", 400, "invalid_request");
            report(cases, q + "to=%2B999999998-01-01T00:00:00Z", 400, "invalid_request");
            report(cases, q + "from=-999999999-01-01T00:00:00Z&to=2026-01-01", 400, "invalid_request");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String bad : List.of("from=1969-12-31", "from=" + today.minusYears(3) + "&to=" + today,
                "from=" + today.minusYears(3).minusDays(2) + "&to=" + today, "from=2026-02-30", "from=2026-11-10&to=2026-11-01",
                "from=%2B10000-01-01T00:00:00Z", "to=9999-12-31T23:59:59%2B99:00", "tz=Mars/Olympus", "tz=UTC%2B99", "tz=%01",
                "group=%01", "group=/Nope", "role=nope", "search=a%01b", "search=%7F", "max=abc", "max=99999999999", "max=0", "first=-1",
                "sort=bogus", "order=sideways", "format=xml", "format=csv&delimiter=tab", "format=csv&delimiter=%3B",
                "columns=nope", "columns=id,id", "columns=id,,username", "format=csv&columns=id,password")) {
            report(cases, "/users?" + bad, 400, "invalid_request");
        }
        report(cases, "/summary?group=%00", 400, "invalid_request");
        report(cases, "/actions?user=%00", 400, "invalid_request");
        report(cases, "/actions?client=a%00b", 400, "invalid_request");
        report(cases, "/actions?targetId=%1B", 400, "invalid_request");
        report(cases, "/actions?user=nobody-here", 400, "invalid_request");
        report(cases, "/actions?columns=targetType", 400, "invalid_request");
        report(cases, "/logins?format=csv&columns=id,secret", 400, "invalid_request");
        report(cases, "/usage?interval=hour", 400, "invalid_request");
        report(cases, "/leaderboard?period=yesterday", 400, "invalid_request");
        report(cases, "/leaderboard?metric=Bad%20Name", 400, "invalid_request");
        report(cases, "/leaderboard?limit=101", 400, "invalid_request");
        report(cases, "/logins?outcome=maybe", 400, "invalid_request");
        report(cases, "/insights/stalled?did=a", 400, "invalid_request");
        report(cases, "/insights/stalled?did=a&without=b&min=0", 400, "invalid_request");
        for (String bad : List.of("days=0", "days=-1", "days=3651", "days=1.5", "days=thirty", "days=99999999999", "days=%00",
                "tz=Mars/Olympus", "group=/Nope", "organization=nope", "search=a%01b", "max=1001", "first=-1", "format=xml",
                "columns=nope", "columns=neverLoggedIn,neverLoggedIn", "format=csv&columns=id,roles", "format=csv&delimiter=tab")) {
            report(cases, "/insights/dormant?" + bad, 400, "invalid_request");
        }
        for (String bad : List.of("", "steps=", "steps=a", "steps=a,a", "steps=a,B", "steps=a,,b", "steps=a,b,", "steps=a%00,b",
                "steps=a,b,c,d,e,f,g,h,i,j,k", "steps=a,b&windowDays=0", "steps=a,b&windowDays=366", "steps=a,b&windowDays=1.5",
                "steps=a,b&windowDays=two", "steps=a,b&windowDays=99999999999", "steps=a,b&stoppedAt=b", "steps=a,b&stoppedAt=c",
                "steps=a,b&stoppedAt=A", "steps=a,b&stoppedAt=%01", "steps=a,b&tz=Mars/Olympus", "steps=a,b&group=/Nope",
                "steps=a,b&organization=nope", "steps=a,b&format=xml", "steps=a,b&format=csv&delimiter=tab",
                "steps=a,b&stoppedAt=a&max=1001", "steps=a,b&stoppedAt=a&first=-1", "steps=a,b&stoppedAt=a&columns=nope",
                "steps=a,b&stoppedAt=a&columns=userId,userId", "steps=a,b&stoppedAt=a&format=csv&columns=userId,password")) {
            report(cases, "/insights/funnel?" + bad, 400, "invalid_request");
        }
        for (String bad : List.of("interval=hour", "interval=%00", "interval=day&from=2024-01-01&to=2025-01-01",
                "interval=week&from=2025-01-01&to=2026-01-31", "interval=month&from=2024-01-01&to=2026-01-31", "tz=Mars/Olympus",
                "group=/Nope", "organization=nope", "format=xml", "format=csv&delimiter=tab")) {
            report(cases, "/insights/retention?" + bad, 400, "invalid_request");
        }
        for (String bad : List.of("tz=Mars/Olympus", "group=/Nope", "group=%01", "organization=nope", "organization=%00",
                "format=xml", "format=csv&delimiter=tab", "from=2026-11-10&to=2026-11-01")) {
            report(cases, "/insights/logins?" + bad, 400, "invalid_request");
        }
        for (String bad : List.of("compare=next", "compare=PREVIOUS", "compare=previous,previous", "compare=%01")) {
            report(cases, "/summary?" + bad, 400, "invalid_request");
        }
        for (String bad : List.of("max=0", "max=50001", "max=99999999999", "max=%00", "after=%00", "after=yesterday",
                "after=%2B999999999-12-31T23:59:59Z", "after=-1000000000-01-01T00:00:00Z", "from=%2B999999998-01-01",
                "from=2026-02-30", "from=a%01b", "from=2026-01-01&after=2026-01-01T00:00:00Z")) {
            cases.add(new Case("backfill: " + bad, "POST", reports + "/backfill?" + bad, json(TOKENS.get("master")), new byte[0], 400,
                    "invalid_request", false));
        }
        backfillBodies(cases);
        report(cases, "/users/00000000-0000-0000-0000-000000000000", 404, "not_found");
        report(cases, "/users/" + recorderSaId, 404, "not_found");
        report(cases, "/users/a%01b", 400, "invalid_request");
        report(cases, "/nope", 404, "not_found");
        cases.add(new Case("report: POST /summary", "POST", reports + "/summary", json(TOKENS.get("master")), new byte[0], 405,
                "method_not_allowed", false));
    }

    /**
     * Events posted to the backfill: each request below holds one good event (id {@code bad-body-good})
     * besides its bad one, and nothing of it may be stored.
     */
    private static void backfillBodies(List<Case> cases) {
        String backfill = reports + "/backfill";
        long dayAgo = System.currentTimeMillis() - 24L * 3600 * 1000;
        String good = "{\"id\":\"bad-body-good\",\"time\":" + dayAgo + ",\"type\":\"LOGIN\",\"userId\":\"" + userId + "\"}";
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("not an array", "{\"events\":[" + good + "]}");
        bad.put("not JSON", "[" + good + ",");
        bad.put("an event not an object", "[" + good + ",\"bad-body-1\"]");
        bad.put("no id", "[" + good + ",{\"time\":" + dayAgo + ",\"type\":\"LOGIN\",\"userId\":\"" + userId + "\"}]");
        bad.put("id too long", "[" + good + "," + event("bad-body-" + "x".repeat(40), dayAgo, "LOGIN", userId) + "]");
        bad.put("repeated id", "[" + good + "," + good + "]");
        bad.put("time as text", "[" + good + ",{\"id\":\"bad-body-2\",\"time\":\"yesterday\",\"type\":\"LOGIN\",\"userId\":\"" + userId + "\"}]");
        bad.put("time in the future", "[" + good + "," + event("bad-body-3", System.currentTimeMillis() + 3_600_000, "LOGIN", userId) + "]");
        bad.put("time older than max-age-days", "[" + good + "," + event("bad-body-4", dayAgo - 30L * 24 * 3600 * 1000, "LOGIN", userId) + "]");
        bad.put("type not captured", "[" + good + "," + event("bad-body-5", dayAgo, "CODE_TO_TOKEN", userId) + "]");
        bad.put("unknown user", "[" + good + "," + event("bad-body-6", dayAgo, "LOGIN", "00000000-0000-0000-0000-000000000000") + "]");
        bad.put("no user for a login", "[" + good + ",{\"id\":\"bad-body-7\",\"time\":" + dayAgo + ",\"type\":\"LOGIN\"}]");
        bad.put("another realm's id", "[" + good + ",{\"id\":\"bad-body-8\",\"time\":" + dayAgo
                + ",\"type\":\"LOGIN\",\"realmId\":\"other\",\"userId\":\"" + userId + "\"}]");
        bad.put("details not strings", "[" + good + ",{\"id\":\"bad-body-9\",\"time\":" + dayAgo
                + ",\"type\":\"LOGIN\",\"userId\":\"" + userId + "\",\"details\":{\"a\":[1]}}]");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            cases.add(new Case("backfill body: " + b.getKey(), "POST", backfill, json(TOKENS.get("master")),
                    b.getValue().getBytes(StandardCharsets.UTF_8), 400, "invalid_request", true));
        }
        byte[] fine = ("[" + good + "]").getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("backfill body: with max", "POST", backfill + "?max=10", json(TOKENS.get("master")), fine, 400,
                "invalid_request", true));
        cases.add(new Case("backfill body: with after", "POST", backfill + "?after=2026-01-01T00:00:00Z", json(TOKENS.get("master")),
                fine, 400, "invalid_request", true));
        Map<String, String> text = json(TOKENS.get("master"));
        text.put("Content-Type", "text/plain");
        cases.add(new Case("backfill body: as text/plain", "POST", backfill, text, fine, 415, "unsupported_media_type", true));
        Map<String, String> latin = json(TOKENS.get("master"));
        latin.put("Content-Type", "application/json; charset=ISO-8859-1");
        cases.add(new Case("backfill body: not UTF-8", "POST", backfill, latin, fine, 415, "unsupported_media_type", true));
        StringBuilder many = new StringBuilder("[" + good);
        for (int i = 0; i < BackfillBody.MAX_EVENTS; i++) {
            many.append(',').append(event("bad-body-many-" + i, dayAgo, "LOGIN", userId));
        }
        cases.add(new Case("backfill body: too many events", "POST", backfill, json(TOKENS.get("master")),
                many.append(']').toString().getBytes(StandardCharsets.UTF_8), 413, "request_too_large", true));
    }

    private static String event(String id, long time, String type, String user) {
        return "{\"id\":\"" + id + "\",\"time\":" + time + ",\"type\":\"" + type + "\",\"userId\":\"" + user + "\"}";
    }

    private static void consolePaths(List<Case> cases) {
        String console = base + "/realms/" + realm.name() + "/org-analytics/console";
        for (String path : List.of("/nope.js", "/assets/nope.js", "/assets/0000/app.js", "/index.html.bak", "/.git/config",
                "/index.html%00", "/index.html%0d%0aSet-Cookie:x=1", "/" + "a".repeat(2000))) {
            cases.add(new Case("console: " + path.substring(0, Math.min(path.length(), 40)), "GET", console + path, Map.of(), null,
                    404, "not_found", false));
        }
        for (String path : List.of("/assets/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/%2e%2e/index.html", "//etc/passwd")) {
            cases.add(new Case("console: " + path, "GET", console + path, Map.of(), null, 400, "missingNormalization", false));
        }
        cases.add(new Case("console: POST", "POST", console + "/", json(null), new byte[0], 404, "not_found", false));
    }
}
