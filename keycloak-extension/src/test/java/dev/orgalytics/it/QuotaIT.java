package dev.orgalytics.it;

import static dev.orgalytics.it.Fixtures.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The action endpoint's quotas with their default settings, through real HTTP: one user's flood is
 * cut off within seconds with {@code 429} and {@code Retry-After} and stores nothing more, while
 * other users, their logins and a recorder backend carry on.
 */
class QuotaIT {

    private static List<Map<String, Object>> batch(int n, String userId) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(userId == null ? Map.of("action", "profile_viewed") : Map.of("action", "profile_viewed", "userId", userId));
        }
        return items;
    }

    @Test
    void oneUsersFloodIsCutOffWithin429sAndStoresNothingMore() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("quota-flood");
        String mallory = realm.user("mallory");
        String alice = realm.user("alice");
        String floodToken = realm.token("mallory");
        String recorder = Fixtures.recorderToken(realm, "backend");

        // Four threads post full batches of 500 as fast as they can for up to 20 seconds.
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        List<Http.Response> firstRefusal = new ArrayList<>();
        long start = System.nanoTime();
        long[] cutOffAfterMillis = {-1};
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> flood = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            flood.add(pool.submit(() -> {
                while (System.nanoTime() - start < 20_000_000_000L && limited.get() < 40) {
                    Http.Response r = Http.send("POST", realm.actionsUrl(), floodToken, Map.of("actions", batch(500, null)));
                    if (r.status() == 202) {
                        accepted.addAndGet(r.json().path("accepted").asInt());
                    } else {
                        assertEquals(429, r.status(), r.body());
                        synchronized (firstRefusal) {
                            if (firstRefusal.isEmpty()) {
                                firstRefusal.add(r);
                                cutOffAfterMillis[0] = (System.nanoTime() - start) / 1_000_000;
                            }
                        }
                        limited.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        // Meanwhile alice logs in and records as usual, and a recorder backend posts 5,000 actions for her.
        String aliceToken = realm.token("alice");
        Http.Response own = Http.send("POST", realm.actionsUrl(), aliceToken, Map.of("actions", batch(20, null)));
        assertEquals(202, own.status(), own.body());
        for (int i = 0; i < 10; i++) {
            Http.Response r = Http.send("POST", realm.actionsUrl(), recorder, Map.of("actions", batch(500, alice)));
            assertEquals(202, r.status(), "a recorder's own, higher quota: " + r.body());
        }
        for (Future<?> f : flood) {
            f.get();
        }
        pool.shutdown();
        long elapsedSeconds = (System.nanoTime() - start) / 1_000_000_000L + 1;

        assertTrue(limited.get() >= 40, "the flood met 429s: " + limited.get());
        assertTrue(cutOffAfterMillis[0] < 10_000, "cut off within seconds, was " + cutOffAfterMillis[0] + " ms");
        // The burst (1000) plus ten a second while the flood ran: a batch of 500 needs 50 s of refill.
        assertTrue(accepted.get() <= 1000 + 10 * elapsedSeconds, "accepted " + accepted.get());
        assertTrue(accepted.get() >= 1000, "the burst itself is accepted: " + accepted.get());
        Http.Response refusal = firstRefusal.get(0);
        JsonNode body = refusal.json();
        assertEquals("rate_limited", body.path("error").asText());
        assertTrue(body.path("message").asText().contains("actions"), body.toString());
        long retryAfter = Long.parseLong(refusal.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);

        assertEquals(accepted.get(), count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ? AND USER_ID = ?", realm.id(), mallory),
                "a refused batch stores nothing");
        assertEquals(accepted.get(), count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE REALM_ID = ? AND USER_ID = ?", realm.id(), mallory));
        assertEquals(5020, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ? AND USER_ID = ?", realm.id(), alice));
        // A fresh login of mallory changes nothing: the quota is per subject, not per token.
        Http.Response again = Http.send("POST", realm.actionsUrl(), realm.token("mallory"), Map.of("actions", batch(500, null)));
        assertEquals(429, again.status(), again.body());
    }

    /** Junk costs its sender requests too: after the request burst, even unparseable bodies answer 429. */
    @Test
    void requestsAreChargedBeforeTheBodyIsRead() {
        Fixtures.Realm realm = Fixtures.realm("quota-requests");
        realm.user("junk");
        String token = realm.token("junk");
        long start = System.nanoTime();
        int badRequests = 0;
        Http.Response limited = null;
        long limitedMillis = -1;
        for (int i = 0; i < 1000 && limited == null; i++) {
            long sent = System.nanoTime();
            Http.Response r = Http.send("POST", realm.actionsUrl(), token, "{not json");
            if (r.status() == 429) {
                limited = r;
                limitedMillis = (System.nanoTime() - sent) / 1_000_000;
            } else {
                assertEquals(400, r.status(), r.body());
                badRequests++;
            }
        }
        long elapsedSeconds = (System.nanoTime() - start) / 1_000_000_000L + 1;
        assertTrue(limited != null, "never limited");
        // A burst of 100 requests, then five a second.
        assertTrue(badRequests >= 100 && badRequests <= 100 + 5 * elapsedSeconds, badRequests + " in " + elapsedSeconds + " s");
        assertEquals("rate_limited", limited.json().path("error").asText());
        assertTrue(limited.json().path("message").asText().contains("requests"), limited.body());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        // Held back for quota-refusal-delay-millis (1 s), so a client ignoring Retry-After sends one a second.
        assertTrue(limitedMillis >= 900, "the refusal was answered after " + limitedMillis + " ms");
        assertEquals(0, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));
    }
}
