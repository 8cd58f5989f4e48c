package dev.orgalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The catalog's rules: open mode's cap, strict mode, display order, what may be saved, and its cache. */
class ActionCatalogTest {

    private static ActionCatalog.Entry e(String name) {
        return new ActionCatalog.Entry(name, "what " + name + " means");
    }

    @AfterEach
    void realClock() {
        CatalogCache.useClock(System::nanoTime);
    }

    @Test
    void openModeAcceptsNewNamesUntilTheCapThenOnlyKnownOnes() {
        ActionCatalog c = new ActionCatalog(ActionCatalog.Mode.OPEN, List.of(e("job_posted")), List.of("profile_viewed"), 4);
        assertEquals(List.of(), c.refuse(List.of("job_posted", "profile_viewed", "a1")));
        assertEquals(3, c.knownNames());
        assertEquals(List.of("a3"), c.refuse(List.of("a2", "a3")), "one place left, two new names: the request is refused");
        assertEquals(3, c.knownNames(), "a refused request reserves nothing");
        assertEquals(List.of(), c.refuse(List.of("a2", "a2", "a1")));
        assertEquals(4, c.knownNames());
        assertEquals(List.of("a5"), c.refuse(List.of("a5", "job_posted")));
        assertEquals(List.of(), c.refuse(List.of("a1", "a2", "profile_viewed", "job_posted")), "known names always pass");
    }

    @Test
    void strictModeAcceptsOnlyCataloguedNamesWhateverWasRecorded() {
        ActionCatalog c = new ActionCatalog(ActionCatalog.Mode.STRICT, List.of(e("job_posted"), e("profile_viewed")),
                List.of("legacy_name"), 300);
        assertEquals(List.of(), c.refuse(List.of("job_posted", "profile_viewed")));
        assertEquals(List.of("legacy_name", "made_up"), c.refuse(List.of("legacy_name", "job_posted", "made_up", "made_up")));
    }

    @Test
    void concurrentRequestsCannotPassTheCapTogether() throws Exception {
        ActionCatalog c = ActionCatalog.empty(List.of(), 300);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger admitted = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    if (c.refuse(List.of("t" + thread + "_" + i)).isEmpty()) admitted.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        assertEquals(300, admitted.get());
        assertEquals(300, c.knownNames());
    }

    @Test
    void displayOrderListsTheCatalogFirstThenTheMostUsedAndNeverMoreThanTheCap() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("zeta", 5L);
        counts.put("alpha", 5L);
        counts.put("job_posted", 1L);
        counts.put("rare", 1L);
        counts.put("busy", 90L);
        assertEquals(List.of("job_posted", "never_used", "busy", "alpha", "zeta"),
                ActionCatalog.displayOrder(List.of("job_posted", "never_used"), counts, 5));
        assertEquals(List.of("job_posted"), ActionCatalog.displayOrder(List.of("job_posted", "never_used"), counts, 1));
        assertEquals(List.of("busy", "alpha", "zeta", "job_posted", "rare"), ActionCatalog.displayOrder(List.of(), counts, 300));
    }

    @Test
    void savedCatalogsAreValidated() {
        assertTrue(ActionCatalog.problems(List.of(e("job_posted"), new ActionCatalog.Entry("x", null)), 300).isEmpty());
        Map<Integer, String> p = ActionCatalog.problems(List.of(e("Job Posted"), e("a"), e("a"),
                new ActionCatalog.Entry("b", "x".repeat(256)), new ActionCatalog.Entry("c", "line\u0000break"),
                new ActionCatalog.Entry(null, null)), 300);
        assertEquals(List.of(0, 2, 3, 4, 5), new ArrayList<>(p.keySet()), p.toString());
        assertTrue(ActionCatalog.problems(List.of(e("a"), e("b"), e("c")), 2).containsKey(-1));
        assertNull(ActionCatalog.Mode.parse("OPEN"), "modes are lower case in the API");
        assertEquals(ActionCatalog.Mode.STRICT, ActionCatalog.Mode.parse("strict"));
    }

    @Test
    void cacheReloadsOnANewGenerationAndAfterItsTtl() {
        AtomicLong now = new AtomicLong();
        CatalogCache.useClock(now::get);
        AtomicInteger loads = new AtomicInteger();
        java.util.function.Supplier<ActionCatalog> load = () -> {
            loads.incrementAndGet();
            return ActionCatalog.empty(List.of(), 300);
        };
        ActionCatalog first = CatalogCache.get("r1", "g1", load);
        assertTrue(first == CatalogCache.get("r1", "g1", load));
        assertEquals(1, loads.get());
        CatalogCache.get("r1", "g2", load);
        assertEquals(2, loads.get(), "a PUT on any node sets a new generation");
        now.addAndGet(CatalogCache.TTL_NANOS);
        CatalogCache.get("r1", "g2", load);
        assertEquals(3, loads.get(), "names other nodes admitted are seen within the TTL");
        CatalogCache.get("r2", null, load);
        assertEquals(4, loads.get(), "per realm");
        CatalogCache.invalidate("r1");
        CatalogCache.get("r1", "g2", load);
        assertEquals(5, loads.get());
    }
}
