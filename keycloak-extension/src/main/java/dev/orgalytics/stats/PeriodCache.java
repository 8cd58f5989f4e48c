package dev.orgalytics.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Usage buckets of closed periods, per node. A period is closed once it ended more than
 * {@link #SETTLE} ago: actions are accepted at most 7 days after they occurred and logins are
 * stored as they happen, so nothing can be added to it any more. Deleting a user changes history
 * (their rows go), so it drops the realm's entries; entries also expire after {@link #TTL}, which
 * bounds how stale another cluster node's copy can be.
 */
public final class PeriodCache {

    static final Duration SETTLE = Duration.ofDays(8);
    static final Duration TTL = Duration.ofHours(1);
    private static final int MAX_ENTRIES = 200_000;

    record Key(String realmId, String zone, Interval interval, long start, long end, long generation) {
    }

    private record Entry(Rows.UsageBucket bucket, long storedAt) {
    }

    private static final Map<String, AtomicLong> GENERATIONS = new ConcurrentHashMap<>();
    private static final Map<Key, Entry> ENTRIES = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private PeriodCache() {
    }

    static boolean closed(Interval.Period period, Instant now) {
        return !period.end().isAfter(now.minus(SETTLE));
    }

    static Key key(String realmId, ReportRange range, Interval interval, Interval.Period period) {
        long generation = GENERATIONS.computeIfAbsent(realmId, r -> new AtomicLong()).get();
        return new Key(realmId, range.zone().getId(), interval, period.start().toEpochMilli(),
                period.end().toEpochMilli(), generation);
    }

    static Rows.UsageBucket get(Key key, Instant now) {
        synchronized (ENTRIES) {
            Entry e = ENTRIES.get(key);
            if (e == null || now.toEpochMilli() - e.storedAt() > TTL.toMillis()) {
                return null;
            }
            return e.bucket();
        }
    }

    static void put(Key key, Rows.UsageBucket bucket, Instant now) {
        synchronized (ENTRIES) {
            ENTRIES.put(key, new Entry(bucket, now.toEpochMilli()));
        }
    }

    /** Forgets every cached period of a realm (a user of it was deleted). */
    public static void invalidate(String realmId) {
        GENERATIONS.computeIfAbsent(realmId, r -> new AtomicLong()).incrementAndGet();
    }
}
