package dev.orgalytics.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class BatchCollectorTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(1000);
    private final List<Integer> batch = new ArrayList<>();

    @Test
    void returnsNothingWhenNothingArrivesWithinTheInterval() throws InterruptedException {
        long start = System.nanoTime();
        assertEquals(0, BatchCollector.collect(queue, batch, 10, SECOND / 10, () -> true));
        assertTrue(System.nanoTime() - start >= SECOND / 10, "waited the whole interval");
        assertTrue(batch.isEmpty());
    }

    @Test
    void aFullBatchIsStoredAtOnceWithoutWaitingForTheInterval() throws InterruptedException {
        for (int i = 0; i < 25; i++) queue.add(i);
        long start = System.nanoTime();
        assertEquals(10, BatchCollector.collect(queue, batch, 10, 30 * SECOND, () -> true));
        assertTrue(System.nanoTime() - start < 5 * SECOND, "did not wait for the interval");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), batch);
        assertEquals(15, queue.size(), "the rest waits for the next batch");
    }

    @Test
    void eventsArrivingOneByOneWithinTheIntervalGoIntoOneBatch() throws InterruptedException {
        // The regression this class exists for: a busy node storing every few events in their own transaction.
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                queue.add(i);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        producer.start();
        long start = System.nanoTime();
        int n = BatchCollector.collect(queue, batch, 500, 3 * SECOND, () -> true);
        long elapsed = System.nanoTime() - start;
        producer.join();
        assertEquals(20, n);
        assertEquals(20, batch.size());
        assertTrue(elapsed >= 3 * SECOND - SECOND / 10, "a partial batch waits one interval from its first event");
    }

    @Test
    void aShutdownClosesTheOpenBatchWithoutWaitingForTheInterval() throws InterruptedException {
        queue.add(1);
        AtomicBoolean open = new AtomicBoolean(true);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            queue.add(2);
            open.set(false);
        });
        closer.start();
        long start = System.nanoTime();
        BatchCollector.collect(queue, batch, 500, 30 * SECOND, open::get);
        closer.join();
        assertTrue(System.nanoTime() - start < 5 * SECOND, "noticed the shutdown");
        assertTrue(batch.contains(1));
    }

    @Test
    void whenAlreadyClosedItTakesWhatIsQueuedAndReturns() throws InterruptedException {
        queue.add(1);
        queue.add(2);
        long start = System.nanoTime();
        assertEquals(2, BatchCollector.collect(queue, batch, 500, 30 * SECOND, () -> false));
        assertTrue(System.nanoTime() - start < 5 * SECOND);
    }
}
