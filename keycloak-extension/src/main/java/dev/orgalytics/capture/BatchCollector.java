package dev.orgalytics.capture;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Collects one batch from a queue: waits for a first element, then keeps the batch open until it
 * is full or the flush interval has passed since that first element. Without the wait a busy
 * Keycloak stores every few events in their own transaction, and those transactions (a session,
 * JTA, a round trip per roll-up table) cost the logins on the same cores far more than the rows do.
 */
final class BatchCollector {

    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private BatchCollector() {
    }

    /**
     * Adds at most {@code max} elements to {@code batch} (which must be empty) and returns how many.
     * Returns 0 when nothing arrived within {@code flushNanos}. Stops waiting early (within 50 ms),
     * keeping what it has, when {@code open} turns false (shutdown: the caller stores the batch and
     * drains the rest).
     */
    static <T> int collect(BlockingQueue<T> queue, List<T> batch, int max, long flushNanos, BooleanSupplier open)
            throws InterruptedException {
        T first = queue.poll(flushNanos, TimeUnit.NANOSECONDS);
        if (first == null) {
            return 0;
        }
        batch.add(first);
        long deadline = System.nanoTime() + flushNanos;
        while (true) {
            queue.drainTo(batch, max - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= max || left <= 0 || !open.getAsBoolean()) {
                break;
            }
            // Sleep rather than wait on the queue: a waiting consumer is woken by every single event
            // (a context switch per login on a busy node); sleeping, it looks a few times a second.
            // Short naps also notice a shutdown quickly.
            TimeUnit.NANOSECONDS.sleep(Math.min(left, NAP_NANOS));
        }
        return batch.size();
    }
}
