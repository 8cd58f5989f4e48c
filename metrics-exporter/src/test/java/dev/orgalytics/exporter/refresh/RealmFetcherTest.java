package dev.orgalytics.exporter.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RealmFetcherTest {

    private static List<String> realms(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("org-" + i);
        }
        return names;
    }

    @Test
    void fetchesManyRealmsAtOnceButNeverMoreThanThePool() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (RealmFetcher<String> fetcher = new RealmFetcher<>(4)) {
            long started = System.nanoTime();
            RealmFetcher.Outcome<String> out = fetcher.fetchAll(realms(40), Map.of(), realm -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(50);
                running.decrementAndGet();
                return realm.toUpperCase();
            }, Duration.ofSeconds(30));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(40, out.values().size());
            assertEquals("ORG-7", out.values().get("org-7"));
            assertEquals(realms(40), List.copyOf(out.values().keySet()), "in the order asked");
            assertTrue(out.failures().isEmpty());
            assertEquals(4, most.get(), "bounded by the pool");
            // 40 fetches of 50 ms: 2 s one after the other, 0.5 s four at a time.
            assertTrue(millis < 1500, millis + " ms");
        }
    }

    @Test
    void aFailingRealmKeepsItsPreviousValueAndTheOthersAreFresh() throws Exception {
        try (RealmFetcher<String> fetcher = new RealmFetcher<>(2)) {
            RealmFetcher.Outcome<String> out = fetcher.fetchAll(List.of("a", "b", "c", "d"), Map.of("b", "old-b", "c", "old-c"),
                    realm -> {
                        if (realm.equals("b") || realm.equals("d")) {
                            throw new IllegalStateException("GET " + realm + " answered 500");
                        }
                        return "new-" + realm;
                    }, Duration.ofSeconds(10));
            assertEquals(Map.of("a", "new-a", "b", "old-b", "c", "new-c"), out.values(), "d never had a value");
            assertEquals(Map.of("b", "GET b answered 500", "d", "GET d answered 500"), out.failures());
        }
    }

    @Test
    void aHangingRealmIsCutAtTheDeadlineWithoutHoldingBackTheOthers() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        try (RealmFetcher<String> fetcher = new RealmFetcher<>(3)) {
            long started = System.nanoTime();
            RealmFetcher.Outcome<String> out = fetcher.fetchAll(realms(30), Map.of("org-0", "last"), realm -> {
                if (realm.equals("org-0")) {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    }
                }
                return "fresh";
            }, Duration.ofMillis(800));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis < 3000, millis + " ms");
            assertEquals(30, out.values().size());
            assertEquals("last", out.values().get("org-0"), "kept");
            assertEquals(29, out.values().values().stream().filter("fresh"::equals).count());
            assertEquals(List.of("org-0"), List.copyOf(out.failures().keySet()));
            assertTrue(out.failures().get("org-0").contains("deadline"), out.failures().toString());

            // The hung worker was interrupted, so the pool is whole for the next refresh.
            Thread.sleep(200);
            assertEquals(1, interrupted.get());
            RealmFetcher.Outcome<String> next = fetcher.fetchAll(realms(3), Map.of(), realm -> "ok", Duration.ofSeconds(5));
            assertFalse(next.values().isEmpty());
            assertTrue(next.failures().isEmpty());
        }
    }
}
