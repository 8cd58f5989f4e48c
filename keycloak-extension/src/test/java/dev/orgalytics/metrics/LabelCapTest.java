package dev.orgalytics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LabelCapTest {

    @Test
    void keepsTheFirstValuesOfEachRealmAndFoldsTheRestIntoOther() {
        LabelCap cap = new LabelCap(2);
        assertEquals("a", cap.label("r1", "a"));
        assertEquals("b", cap.label("r1", "b"));
        assertEquals("other", cap.label("r1", "c"));
        assertEquals("a", cap.label("r1", "a"), "an admitted value stays admitted");
        assertEquals("c", cap.label("r2", "c"), "each realm has its own budget");
        assertEquals("other", cap.label("r1", null));
        assertEquals("other", cap.label("r1", ""));
    }

    @Test
    void forgettingARealmFreesItsBudget() {
        LabelCap cap = new LabelCap(1);
        cap.label("r1", "a");
        assertEquals("other", cap.label("r1", "b"));
        cap.forget("r1");
        assertEquals("b", cap.label("r1", "b"));
    }

    @Test
    void concurrentFirstSightingsNeverExceedTheCap() throws InterruptedException {
        LabelCap cap = new LabelCap(10);
        Set<String> named = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1000; i++) {
            String value = "v" + i;
            pool.submit(() -> named.add(cap.label("r", value)));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        named.remove("other");
        assertEquals(10, named.size());
    }
}
