package dev.orgalytics.store;

import java.time.Duration;

/**
 * Roll-ups are kept per user per quarter hour of UTC. Every offset in the IANA zone database since
 * the 1970s is a multiple of 15 minutes, so days, ISO weeks and months cut in any zone are exact
 * unions of these buckets: a report in Asia/Kolkata (+05:30) or Asia/Kathmandu (+05:45) adds up to
 * exactly the raw rows in its range, which per-UTC-day roll-ups could not promise.
 */
public final class TimeBuckets {

    public static final long BUCKET_MILLIS = Duration.ofMinutes(15).toMillis();
    /** A UTC day: the grain of the day roll-ups, and the unit of epoch-day arithmetic on stored times. */
    public static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private TimeBuckets() {
    }

    /** The start (epoch ms) of the bucket holding {@code epochMillis}; floors negative times too. */
    public static long bucketStart(long epochMillis) {
        return Math.floorDiv(epochMillis, BUCKET_MILLIS) * BUCKET_MILLIS;
    }
}
