package dev.orgalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.orgalytics.ingest.TokenBucket.Limit;

/** Token buckets and the endpoint's quotas on a fake clock: exact refills, no sleeping. */
class QuotasTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advance(long amount, TimeUnit unit) {
        now.addAndGet(unit.toNanos(amount));
    }

    @Test
    void bucketSpendsItsBurstThenRefillsAtItsRate() {
        TokenBucket b = new TokenBucket(new Limit(60, 10), now.get()); // one token a second
        assertEquals(0, b.tryTake(10, now.get()));
        long wait = b.tryTake(1, now.get());
        assertEquals(TimeUnit.SECONDS.toNanos(1), wait, 1.0);
        advance(999, TimeUnit.MILLISECONDS);
        assertTrue(b.tryTake(1, now.get()) > 0, "not yet");
        advance(1, TimeUnit.MILLISECONDS);
        assertEquals(0, b.tryTake(1, now.get()));
        advance(1, TimeUnit.HOURS);
        assertTrue(b.isFull(now.get()), "never more than the burst, however long idle");
        assertEquals(0, b.tryTake(10, now.get()));
        assertTrue(b.tryTake(1, now.get()) > 0);
    }

    @Test
    void refusedTakeChargesNothingAndMoreThanTheBurstNeverFits() {
        TokenBucket b = new TokenBucket(new Limit(60, 10), now.get());
        assertEquals(0, b.tryTake(7, now.get()));
        assertEquals(TimeUnit.SECONDS.toNanos(2), b.tryTake(5, now.get()), 1.0);
        assertEquals(0, b.tryTake(3, now.get()), "the refused 5 took nothing");
        assertEquals(Long.MAX_VALUE, b.tryTake(11, now.get()));
        b.giveBack(4);
        assertEquals(0, b.tryTake(4, now.get()));
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Limit(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> new Limit(10, 0));
        assertTrue(new Limit(0, 0).unlimited());
    }

    @Test
    void idleCallersAreForgottenAndTheMapStaysBounded() {
        KeyedBuckets buckets = new KeyedBuckets(new Limit(60, 5), 100, TimeUnit.MINUTES.toNanos(1), now::get);
        for (int i = 0; i < 1000; i++) {
            buckets.tryTake("caller-" + i, 1);
            assertTrue(buckets.size() <= 100, "bounded at " + buckets.size());
        }
        advance(2, TimeUnit.MINUTES); // every bucket is full again
        buckets.tryTake("fresh", 1);
        assertEquals(1, buckets.size(), "full buckets swept, only the new caller held");
    }

    @Test
    void sweepKeepsCallersStillPaying() {
        KeyedBuckets buckets = new KeyedBuckets(new Limit(60, 5), 1000, TimeUnit.MINUTES.toNanos(1), now::get);
        assertEquals(0, buckets.tryTake("flooder", 5));
        advance(61, TimeUnit.SECONDS);
        assertEquals(0, buckets.tryTake("flooder", 5)); // 61 tokens refilled, capped at 5: all spent again
        advance(1, TimeUnit.SECONDS); // sweep due, but the flooder's bucket is not full
        buckets.tryTake("other", 1);
        assertEquals(2, buckets.size());
        assertTrue(buckets.tryTake("flooder", 2) > 0, "its debt survived the sweep");
    }

    @Test
    void oneUsersFloodIsStoppedWithinSecondsAndOthersAreUntouched() {
        Quotas q = new Quotas(Quotas.Settings.read((name, d) -> d), now::get);
        int accepted = 0;
        Quotas.Refusal refused = null;
        // A script posting full batches of 500 as fast as it can: 50 a second.
        for (int i = 0; i < 200 && refused == null; i++) {
            refused = q.request("r1", "mallory", false);
            if (refused == null) {
                refused = q.actions("r1", "mallory", false, 500);
            }
            if (refused == null) {
                accepted += 500;
            }
            advance(20, TimeUnit.MILLISECONDS);
        }
        assertNotNull(refused);
        assertEquals(1000, accepted, "the burst, then refused");
        assertTrue(refused.message().contains("actions") && refused.retryAfterSeconds() >= 1, refused.toString());
        assertNull(q.request("r1", "alice", false), "another user of the realm");
        assertNull(q.actions("r1", "alice", false, 20));
        // Ten a second afterwards: one full batch every 50 seconds.
        assertEquals(50, q.actions("r1", "mallory", false, 500).retryAfterSeconds(), 1);
    }

    @Test
    void recordersHaveTheirOwnHigherLimitAndRealmsShareOne() {
        Map<String, Long> opts = new HashMap<>(Quotas.Settings.DEFAULTS);
        opts.put("quota-realm-actions-per-minute", 6000L);
        opts.put("quota-realm-action-burst", 3000L);
        Quotas q = new Quotas(Quotas.Settings.read((name, d) -> opts.get(name)), now::get);
        assertNull(q.actions("r1", "person", false, 500));
        assertNull(q.actions("r1", "person", false, 500));
        assertNotNull(q.actions("r1", "person", false, 500), "a user's third batch of 500 is past their burst");
        Quotas q2 = new Quotas(Quotas.Settings.read((name, d) -> opts.get(name)), now::get);
        for (int i = 0; i < 6; i++) {
            assertNull(q2.actions("r1", "backend", true, 500), "batch " + i + " within the recorder and realm bursts");
        }
        Quotas.Refusal realmFull = q2.actions("r1", "backend-2", true, 500);
        assertNotNull(realmFull, "the realm's burst of 3000 is spent");
        assertTrue(realmFull.message().contains("realm"), realmFull.message());
        assertNull(q2.actions("r2", "backend", true, 500), "another realm has its own bucket");
    }

    @Test
    void aRealmRefusalGivesTheCallersTokensBack() {
        Map<String, Long> opts = new HashMap<>(Quotas.Settings.DEFAULTS);
        opts.put("quota-realm-requests-per-minute", 60L);
        opts.put("quota-realm-request-burst", 1L);
        opts.put("quota-user-requests-per-minute", 60L);
        opts.put("quota-user-request-burst", 2L);
        Quotas q = new Quotas(Quotas.Settings.read((name, d) -> opts.get(name)), now::get);
        assertNull(q.request("r1", "a", false));
        assertNotNull(q.request("r1", "a", false), "realm empty");
        advance(1, TimeUnit.SECONDS);
        assertNull(q.request("r1", "a", false), "a's own bucket still had its second token");
    }

    @Test
    void zeroDisablesALimitAndBadOptionsAreNamedTogether() {
        Map<String, Long> opts = new HashMap<>(Quotas.Settings.DEFAULTS);
        opts.put("quota-user-actions-per-minute", 0L);
        Quotas q = new Quotas(Quotas.Settings.read((name, d) -> opts.get(name)), now::get);
        for (int i = 0; i < 100; i++) {
            assertNull(q.actions("r1", "u", false, 500));
        }
        opts.put("quota-user-actions-per-minute", 10L);
        opts.put("quota-user-action-burst", 499L);
        opts.put("quota-realm-request-burst", -3L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quotas.Settings.read((name, d) -> opts.get(name)));
        assertTrue(e.getMessage().contains("quota-user-action-burst") && e.getMessage().contains("quota-realm-request-burst"),
                e.getMessage());
    }
}
