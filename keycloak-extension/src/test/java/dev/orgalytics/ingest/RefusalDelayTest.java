package dev.orgalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RefusalDelayTest {

    @Test
    void aRefusalWaitsTheDelayButNeverLongerThanItsRetryAfter() {
        List<Long> slept = new CopyOnWriteArrayList<>();
        RefusalDelay delay = new RefusalDelay(1500, 4, slept::add);
        assertEquals(1500, delay.hold(60));
        assertEquals(1000, delay.hold(1));
        assertEquals(List.of(1500L, 1000L), slept);
    }

    @Test
    void aDelayOfZeroAnswersAtOnce() {
        List<Long> slept = new CopyOnWriteArrayList<>();
        assertEquals(0, new RefusalDelay(0, 4, slept::add).hold(30));
        assertEquals(0, new RefusalDelay(1000, 0, slept::add).hold(30));
        assertTrue(slept.isEmpty());
    }

    /** With every slot held, the next refusal is answered at once; a freed slot is used again. */
    @Test
    void atMostMaxDelayedWaitAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(2);
        RefusalDelay delay = new RefusalDelay(1000, 2, millis -> {
            waiting.countDown();
            release.await();
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> delay.hold(5));
            var second = pool.submit(() -> delay.hold(5));
            assertTrue(waiting.await(5, TimeUnit.SECONDS), "two refusals are held");
            assertEquals(0, delay.hold(5), "a third is answered at once");
            release.countDown();
            assertEquals(1000, first.get(5, TimeUnit.SECONDS));
            assertEquals(1000, second.get(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        RefusalDelay free = new RefusalDelay(1000, 1, millis -> { });
        assertEquals(1000, free.hold(5));
        assertEquals(1000, free.hold(5), "the slot was given back");
    }
}
