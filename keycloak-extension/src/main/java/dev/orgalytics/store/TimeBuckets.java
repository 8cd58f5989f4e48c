package dev.orgalytics.store;

/**
 * Roll-ups are kept per user per quarter hour of UTC. Every offset in the IANA zone database since
 * the 1970s is a multiple of 15 minutes, so days, ISO weeks and months cut in any zone are exact
 * unions of these buckets: a report in Asia/Kolkata (+05:30) or Asia/Kathmandu (+05:45) adds up to
 * exactly the raw rows in its range, which per-UTC-day roll-ups could not promise.
 */
public final class TimeBuckets {

    public static final long BUCKET_MILLIS = 15 * 60 * 1000L;

    private TimeBuckets() {
    }

    /** The start (epoch ms) of the bucket holding {@code epochMillis}; floors negative times too. */
    public static long bucketStart(long epochMillis) {
        return Math.floorDiv(epochMillis, BUCKET_MILLIS) * BUCKET_MILLIS;
    }
}
