package dev.orgalytics.ingest;

/**
 * A classic token bucket: holds at most {@code burst} tokens and gains {@code perMinute} of them
 * per minute, continuously. Time comes from the caller (nanoseconds of a monotonic clock), so the
 * arithmetic is tested with a fake clock and no sleeping.
 */
final class TokenBucket {

    private static final double NANOS_PER_MINUTE = 60e9;

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long updated;

    TokenBucket(Limit limit, long now) {
        this.capacity = limit.burst();
        this.perNano = limit.perMinute() / NANOS_PER_MINUTE;
        this.tokens = capacity;
        this.updated = now;
    }

    /**
     * Takes {@code n} tokens if the bucket has them. Returns 0 when taken, otherwise how many
     * nanoseconds until it will have them ({@link Long#MAX_VALUE} when {@code n} exceeds the burst,
     * which no wait can satisfy); nothing is taken then.
     */
    synchronized long tryTake(long n, long now) {
        refill(now);
        if (tokens >= n) {
            tokens -= n;
            return 0;
        }
        if (n > capacity || perNano <= 0) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil((n - tokens) / perNano);
    }

    /** Returns tokens taken for a request that another limit then refused, so it is not charged twice. */
    synchronized void giveBack(long n) {
        tokens = Math.min(capacity, tokens + n);
    }

    /** Full again: forgetting it loses nothing, a new bucket starts full. */
    synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        long elapsed = now - updated;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            updated = now;
        }
    }

    /** A rate and a burst; {@code perMinute == 0} means no limit. */
    record Limit(long perMinute, long burst) {
        Limit {
            if (perMinute < 0 || burst < 0 || (perMinute > 0 && burst < 1)) {
                throw new IllegalArgumentException("a limit needs a rate >= 0 and, when limited, a burst >= 1");
            }
        }

        boolean unlimited() {
            return perMinute == 0;
        }

        @Override
        public String toString() {
            return unlimited() ? "unlimited" : perMinute + "/min, burst " + burst;
        }
    }
}
