package dev.orgalytics.ingest;

import java.util.concurrent.Semaphore;

/**
 * Holds back a quota's {@code 429} for a while before it is sent, a bounded number at a time.
 *
 * <p>Why: a refusal is cheap, but a client that ignores {@code Retry-After} and sends again at once
 * turns refusals into a flood of their own (on a two-core node, several hundred refusals a second
 * doubled other users' login times). Answered a second later, each of its connections sends one
 * request a second. The delay holds a worker thread, so only {@code maxDelayed} refusals wait at a
 * time per node; past that they are answered at once, and the most a flood of connections can hold
 * is that many threads.
 */
final class RefusalDelay {

    /** Pauses the calling thread; {@link Thread#sleep(long)} outside tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final long delayMillis;
    private final Semaphore slots;
    private final Sleeper sleeper;

    RefusalDelay(long delayMillis, int maxDelayed, Sleeper sleeper) {
        this.delayMillis = delayMillis;
        this.slots = new Semaphore(Math.max(0, maxDelayed));
        this.sleeper = sleeper;
    }

    /**
     * Waits the configured delay, never longer than the refusal's own {@code Retry-After}, if a slot
     * is free; returns the milliseconds waited (0 when delays are off or every slot is taken).
     */
    long hold(long retryAfterSeconds) {
        long millis = Math.min(delayMillis, retryAfterSeconds * 1000L);
        if (millis <= 0 || !slots.tryAcquire()) {
            return 0;
        }
        try {
            sleeper.sleep(millis);
            return millis;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            slots.release();
        }
    }
}
