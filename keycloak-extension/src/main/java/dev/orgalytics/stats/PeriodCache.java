package dev.orgalytics.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Usage buckets of closed periods, held per node. A period is closed once it ended more than
 * {@code closedAfter} ago, which the caller takes from {@code OccurredAtWindow.closedAfter} (the
 * configured {@code max-age-days} plus a margin): no action may be added to it any more, and logins
 * are stored as they happen.
 *
 * <p>What can still change a closed period is the deletion of a user (their rows leave history).
 * That raises the realm's report generation in the database (store.ReportGeneration), in the
 * deleting transaction; the caller reads it with every report and it is part of each key, so a
 * deletion through any node makes every node's entries unreachable at once. Entries also expire
 * after {@link #TTL}: roll-up retention deletes old buckets without raising the generation.
 */
final class PeriodCache {

    static final Duration TTL = Duration.ofHours(1);
    private static final int MAX_ENTRIES = 200_000;

    record Key(String realmId, String zone, Interval interval, long start, long end, long generation) {
    }

    private record Entry(UsageReport.Bucket bucket, long storedAt) {
    }

    private static final Map<Key, Entry> ENTRIES = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private PeriodCache() {
    }

    static boolean closed(Interval.Period period, Instant now, Duration closedAfter) {
        return !period.end().isAfter(now.minus(closedAfter));
    }

    static Key key(String realmId, long generation, ReportRange range, Interval interval, Interval.Period period) {
        return new Key(realmId, range.zone().getId(), interval, period.start().toEpochMilli(),
                period.end().toEpochMilli(), generation);
    }

    static UsageReport.Bucket get(Key key, Instant now) {
        synchronized (ENTRIES) {
            Entry e = ENTRIES.get(key);
            if (e == null || now.toEpochMilli() - e.storedAt() > TTL.toMillis()) {
                return null;
            }
            return e.bucket();
        }
    }

    static void put(Key key, UsageReport.Bucket bucket, Instant now) {
        synchronized (ENTRIES) {
            ENTRIES.put(key, new Entry(bucket, now.toEpochMilli()));
        }
    }
}
