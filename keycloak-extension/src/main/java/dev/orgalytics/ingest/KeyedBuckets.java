package dev.orgalytics.ingest;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per key (a token subject, a realm), created on first use. Memory stays
 * bounded: buckets that are full again are forgotten (a new one would start full, so nothing is
 * lost), swept at most once per {@code sweepNanos} and whenever more than {@code maxKeys} are held.
 * If a sweep still leaves too many (more than {@code maxKeys} callers active at once), arbitrary
 * buckets are dropped until there is room: those callers get a fresh burst, the memory bound wins.
 */
final class KeyedBuckets {

    private final TokenBucket.Limit limit;
    private final int maxKeys;
    private final long sweepNanos;
    private final LongSupplier clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    KeyedBuckets(TokenBucket.Limit limit, int maxKeys, long sweepNanos, LongSupplier clock) {
        this.limit = limit;
        this.maxKeys = maxKeys;
        this.sweepNanos = sweepNanos;
        this.clock = clock;
        this.lastSweep = clock.getAsLong();
    }

    /** 0 when {@code n} tokens were taken from {@code key}'s bucket, else nanoseconds to wait (see {@link TokenBucket#tryTake}). */
    long tryTake(String key, long n) {
        if (limit.unlimited()) {
            return 0;
        }
        long now = clock.getAsLong();
        if (now - lastSweep > sweepNanos || buckets.size() >= maxKeys) {
            sweep(now);
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now)).tryTake(n, now);
    }

    void giveBack(String key, long n) {
        TokenBucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.giveBack(n);
        }
    }

    int size() {
        return buckets.size();
    }

    TokenBucket.Limit limit() {
        return limit;
    }

    private synchronized void sweep(long now) {
        lastSweep = now;
        buckets.values().removeIf(b -> b.isFull(now));
        Iterator<String> keys = buckets.keySet().iterator();
        while (buckets.size() >= maxKeys && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
