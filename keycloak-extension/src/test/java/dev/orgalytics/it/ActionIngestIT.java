package dev.orgalytics.it;

import static dev.orgalytics.it.Fixtures.count;
import static dev.orgalytics.it.Fixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST /realms/{realm}/org-analytics/actions} against the real Keycloak. */
class ActionIngestIT {

    private static Http.Response post(Fixtures.Realm realm, String token, Object body) {
        return Http.send("POST", realm.actionsUrl(), token, body);
    }

    @Test
    void actionIsStoredWithEveryField() {
        Fixtures.Realm realm = Fixtures.realm("ingest");
        String userId = realm.user("alice");
        String token = realm.token("alice");
        Instant occurred = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        long before = System.currentTimeMillis();
        Http.Response r = post(realm, token, Map.of(
                "action", "profile_viewed",
                "id", "evt-1",
                "occurredAt", occurred.toString(),
                "page", "/candidates/42",
                "target", Map.of("type", "candidate", "id", "42", "name", "Ada Lovelace"),
                "properties", Map.of("source", "search")));
        assertEquals(202, r.status(), r.body());
        assertEquals(1, r.json().path("accepted").asInt());
        assertEquals(0, r.json().path("duplicates").asInt());

        Map<String, Object> row = query("SELECT * FROM OA_ACTION WHERE REALM_ID = ?", realm.id()).get(0);
        assertEquals(userId, row.get("USER_ID"));
        assertEquals("web", row.get("CLIENT_ID"), "the client comes from the token's azp");
        assertEquals("profile_viewed", row.get("ACTION"));
        assertEquals("evt-1", row.get("CLIENT_KEY"));
        assertEquals(occurred.toEpochMilli(), ((Number) row.get("OCCURRED_AT")).longValue());
        long received = ((Number) row.get("RECEIVED_AT")).longValue();
        assertTrue(received >= before && received <= System.currentTimeMillis());
        assertEquals("/candidates/42", row.get("PAGE"));
        assertEquals("candidate", row.get("TARGET_TYPE"));
        assertEquals("42", row.get("TARGET_ID"));
        assertEquals("Ada Lovelace", row.get("TARGET_NAME"));
        assertEquals("{\"source\":\"search\"}", row.get("PROPERTIES"));

        assertEquals(1, count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId));
        assertEquals(occurred.toEpochMilli(), count("SELECT LAST_ACTION_AT FROM OA_USER_TOTALS WHERE USER_ID = ?", userId));
        assertEquals(1, count("SELECT ACTION_COUNT FROM OA_USER_ACTION_COUNT WHERE USER_ID = ? AND ACTION = 'profile_viewed'", userId));
    }

    @Test
    void retriedIdIsCountedOnce() {
        Fixtures.Realm realm = Fixtures.realm("ingest-retry");
        String userId = realm.user("bob");
        String token = realm.token("bob");
        Map<String, Object> action = Map.of("action", "resume_downloaded", "id", "retry-me");
        assertEquals(1, post(realm, token, action).json().path("accepted").asInt());
        JsonNode again = post(realm, token, action).json();
        assertEquals(0, again.path("accepted").asInt());
        assertEquals(1, again.path("duplicates").asInt());
        JsonNode batch = post(realm, token, Map.of("actions", List.of(action,
                Map.of("action", "resume_downloaded", "id", "fresh"),
                Map.of("action", "resume_downloaded", "id", "fresh")))).json();
        assertEquals(1, batch.path("accepted").asInt());
        assertEquals(2, batch.path("duplicates").asInt());

        assertEquals(2, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));
        assertEquals(2, count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId));
    }

    /** On every database, an id differing from a stored one only by case, accent or a trailing space is another id. */
    @Test
    void idsDifferingByCaseAccentOrTrailingSpaceAreDistinct() {
        Fixtures.Realm realm = Fixtures.realm("ingest-exact-ids");
        String userId = realm.user("erin");
        String token = realm.token("erin");
        List<String> ids = List.of("Key-A", "key-a", "key-a ", "cafe", "café", "Cafe");
        for (String id : ids) {
            Http.Response r = post(realm, token, Map.of("action", "job_posted", "id", id));
            assertEquals(202, r.status(), id + ": " + r.body());
            assertEquals(1, r.json().path("accepted").asInt(), id);
        }
        List<Map<String, Object>> retry = new ArrayList<>();
        ids.forEach(id -> retry.add(Map.of("action", "job_posted", "id", id)));
        Http.Response again = post(realm, token, Map.of("actions", retry));
        assertEquals(202, again.status(), again.body());
        assertEquals(0, again.json().path("accepted").asInt());
        assertEquals(ids.size(), again.json().path("duplicates").asInt());
        assertEquals(ids.size(), count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));
        assertEquals(ids.size(), count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId));
    }

    /**
     * 20 clients post batches drawn from one pool of ids, each in its own order, at once: every
     * answer is 202, each id is stored once, and accepted plus duplicates account for every action.
     */
    @Test
    void concurrentBatchesSharingIdsAllAnswer202WithExactTotals() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("ingest-overlap");
        String userId = realm.user("frank");
        int clients = 20, batches = 4, perBatch = 50, poolSize = 150;
        // 4,000 actions of one user at once is beyond one person's quota: recorder backends post them for frank.
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tokens.add(Fixtures.recorderToken(realm, "backend-" + c));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<int[]>> answers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            java.util.Random random = new java.util.Random(c);
            String token = tokens.get(c);
            answers.add(pool.submit(() -> {
                int[] acceptedAndDuplicates = new int[2];
                for (int b = 0; b < batches; b++) {
                    List<Integer> ids = new ArrayList<>();
                    for (int i = 0; i < poolSize; i++) ids.add(i);
                    java.util.Collections.shuffle(ids, random);
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (int id : ids.subList(0, perBatch)) {
                        items.add(Map.of("action", "profile_viewed", "id", "shared-" + id, "userId", userId));
                    }
                    Http.Response r = post(realm, token, Map.of("actions", items));
                    assertEquals(202, r.status(), r.body());
                    acceptedAndDuplicates[0] += r.json().path("accepted").asInt();
                    acceptedAndDuplicates[1] += r.json().path("duplicates").asInt();
                }
                return acceptedAndDuplicates;
            }));
        }
        int accepted = 0, duplicates = 0;
        for (Future<int[]> f : answers) {
            int[] a = f.get();
            accepted += a[0];
            duplicates += a[1];
        }
        pool.shutdown();
        long stored = count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id());
        assertEquals(stored, count("SELECT COUNT(DISTINCT CLIENT_KEY) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));
        assertEquals(stored, accepted, "accepted = rows stored");
        assertEquals(clients * batches * perBatch, accepted + duplicates);
        assertEquals(stored, count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId));
        Fixtures.assertRealmRollupsEqualUserSums(realm.id());
    }

    /**
     * 20 clients post 10,000 actions of one user at once: the roll-ups hold exactly 10,000. They are
     * recorder backends posting for carol (10,000 actions at once is beyond one person's own quota).
     */
    @Test
    void tenThousandConcurrentActionsGiveExactRollups() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("ingest-load");
        String userId = realm.user("carol");
        int clients = 20, batches = 5, perBatch = 100;
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tokens.add(Fixtures.recorderToken(realm, "app-" + c));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> accepted = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String token = tokens.get(c);
            accepted.add(pool.submit(() -> {
                int n = 0;
                for (int b = 0; b < batches; b++) {
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (int i = 0; i < perBatch; i++) {
                        items.add(Map.of("action", i % 2 == 0 ? "profile_viewed" : "interview_scheduled", "userId", userId));
                    }
                    Http.Response r = post(realm, token, Map.of("actions", items));
                    assertEquals(202, r.status(), r.body());
                    n += r.json().path("accepted").asInt();
                }
                return n;
            }));
        }
        int total = 0;
        for (Future<Integer> f : accepted) {
            total += f.get();
        }
        pool.shutdown();
        int expected = clients * batches * perBatch;
        assertEquals(expected, total);
        assertEquals(expected, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));
        assertEquals(expected, count("SELECT SUM(ACTIONS) FROM OA_USER_ACTIVITY WHERE REALM_ID = ? AND USER_ID = ?", realm.id(), userId));
        assertEquals(expected, count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE REALM_ID = ? AND USER_ID = ?", realm.id(), userId));
        assertEquals(expected / 2, count("SELECT SUM(ACTION_COUNT) FROM OA_USER_ACTION_COUNT WHERE REALM_ID = ? AND ACTION = 'interview_scheduled'", realm.id()));
        assertEquals(batches * perBatch, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ? AND CLIENT_ID = 'app-7'", realm.id()));
        // The day, month and realm roll-ups, which concurrent requests all add to, lost nothing either.
        assertEquals(expected, count("SELECT SUM(ACTIONS) FROM OA_REALM_ACTIVITY WHERE REALM_ID = ?", realm.id()));
        Fixtures.assertRealmRollupsEqualUserSums(realm.id());
    }

    @Test
    void tokenOfAnotherRealmIsRefused() {
        Fixtures.Realm a = Fixtures.realm("ingest-a");
        Fixtures.Realm b = Fixtures.realm("ingest-b");
        a.user("dave");
        b.user("dave");
        Http.Response r = post(b, a.token("dave"), Map.of("action", "job_posted"));
        assertEquals(401, r.status());
        assertEquals("invalid_token", r.json().path("error").asText());
        assertEquals(0, Fixtures.rowsOfRealm(b.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", a.id()));
    }

    /** Every refused request leaves the database exactly as it was. */
    @Test
    void rejectedRequestsStoreNothing() {
        Fixtures.Realm realm = Fixtures.realm("ingest-reject");
        String userId = realm.user("erin");
        String token = realm.token("erin");

        Http.Response r = post(realm, token, Map.of("actions", List.of(
                Map.of("action", "job_posted"), Map.of("action", "Not-Valid"), Map.of("action", "x", "colour", "red"))));
        assertEquals(400, r.status());
        JsonNode body = r.json();
        assertEquals("invalid_request", body.path("error").asText());
        assertTrue(body.path("message").asText().length() > 0);
        assertEquals(2, body.path("details").size());
        assertEquals(1, body.path("details").get(0).path("index").asInt());
        assertEquals("action", body.path("details").get(0).path("field").asText());
        assertEquals(2, body.path("details").get(1).path("index").asInt());
        assertEquals("colour", body.path("details").get(1).path("field").asText());

        assertStatus(400, post(realm, token, "{not json"));
        assertStatus(400, post(realm, token, Map.of("action", "job_posted", "occurredAt", Instant.now().plusSeconds(3600).toString())));
        assertStatus(400, post(realm, token, Map.of("action", "job_posted", "occurredAt", Instant.now().minus(8, ChronoUnit.DAYS).toString())));
        assertStatus(401, post(realm, null, Map.of("action", "job_posted")));
        assertStatus(401, post(realm, "not-a-token", Map.of("action", "job_posted")));

        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) many.add(Map.of("action", "job_posted"));
        assertStatus(413, post(realm, token, Map.of("actions", many)));
        String huge = "{\"action\": \"job_posted\", \"page\": \"" + "x".repeat(1024 * 1024) + "\"}";
        assertStatus(413, post(realm, token, huge));

        // A user may not record on behalf of another user.
        String other = realm.user("frank");
        Http.Response forbidden = post(realm, token, Map.of("action", "job_posted", "userId", other));
        assertStatus(403, forbidden);
        assertEquals("forbidden", forbidden.json().path("error").asText());

        assertEquals(0, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM OA_USER_ACTIVITY WHERE REALM_ID = ? AND ACTIONS > 0", realm.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM OA_USER_TOTALS WHERE REALM_ID = ? AND ACTIONS > 0", realm.id()));
        assertEquals(0, count("SELECT COUNT(*) FROM OA_USER_ACTION_COUNT WHERE REALM_ID = ?", realm.id()));
        assertNull(query("SELECT LAST_ACTION_AT FROM OA_USER_TOTALS WHERE USER_ID = ?", userId).stream()
                .map(m -> m.get("LAST_ACTION_AT")).filter(v -> v != null).findFirst().orElse(null));
    }

    @Test
    void recorderServiceAccountRecordsOnBehalfOfUsers() {
        Fixtures.Realm realm = Fixtures.realm("ingest-recorder");
        String alice = realm.user("alice");
        AdminClient.ConfidentialClient backend = realm.admin().createConfidentialClient(realm.name(), "backend", true);
        String saToken = Tokens.clientCredentials(realm.name(), "backend", backend.secret());

        assertStatus(403, post(realm, saToken, Map.of("action", "interview_scheduled", "userId", alice)));
        realm.admin().assignRealmRole(realm.name(), realm.admin().serviceAccountUserId(realm.name(), backend.uuid()),
                "org-analytics-recorder");
        String granted = Tokens.clientCredentials(realm.name(), "backend", backend.secret());

        Http.Response unknown = post(realm, granted, Map.of("actions", List.of(
                Map.of("action", "interview_scheduled", "userId", alice),
                Map.of("action", "interview_scheduled", "userId", "00000000-0000-0000-0000-000000000000"))));
        assertStatus(400, unknown);
        assertEquals(1, unknown.json().path("details").get(0).path("index").asInt());
        assertEquals(0, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));

        Http.Response ok = post(realm, granted, Map.of("action", "interview_scheduled", "userId", alice));
        assertStatus(202, ok);
        Map<String, Object> row = query("SELECT USER_ID, CLIENT_ID FROM OA_ACTION WHERE REALM_ID = ?", realm.id()).get(0);
        assertEquals(alice, row.get("USER_ID"));
        assertEquals("backend", row.get("CLIENT_ID"));
    }

    @Test
    void browserAppsPassCorsPreflight() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("ingest-cors");
        HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(realm.actionsUrl()))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://app.example.test")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertEquals("http://app.example.test", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        // The actual request is allowed for the origins of the token's client (web origins "+": its redirect URIs).
        realm.admin().putJson("/admin/realms/" + realm.name() + "/clients/" + clientUuid(realm, "web"),
                Map.of("clientId", "web", "webOrigins", List.of("http://app.example.test"), "redirectUris", List.of("http://app.example.test/*")))
                .ok("update client");
        realm.user("gina");
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(realm.actionsUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"job_posted\"}"))
                .header("Origin", "http://app.example.test")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + realm.token("gina")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, post.statusCode(), post.body());
        assertEquals("http://app.example.test", post.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        // So that a browser app can read a 429's Retry-After.
        assertEquals("Retry-After", post.headers().firstValue("Access-Control-Expose-Headers").orElse(null));

        // From an origin the client does not list: refused before anything is stored (as Keycloak 26.7's CORS check does).
        HttpResponse<String> foreign = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(realm.actionsUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"job_posted\"}"))
                .header("Origin", "http://evil.example.test")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + realm.token("gina")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertEquals("invalid_origin", Http.JSON.readTree(foreign.body()).path("error").asText());
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertEquals(1, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()), "only the allowed request's action");
    }

    private static String clientUuid(Fixtures.Realm realm, String clientId) {
        return realm.admin().getJson("/admin/realms/" + realm.name() + "/clients?clientId=" + clientId)
                .ok("client").json().get(0).path("id").asText();
    }

    private static void assertStatus(int expected, Http.Response r) {
        assertEquals(expected, r.status(), r.body());
    }
}
