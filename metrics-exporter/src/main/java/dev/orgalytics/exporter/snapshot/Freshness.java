package dev.orgalytics.exporter.snapshot;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the served snapshot can be trusted: stale when there has been no successful refresh, when
 * the last refresh failed, or when the last success is older than two refresh intervals (a stuck
 * refresh would otherwise look healthy forever).
 */
public record Freshness(Instant lastSuccess, boolean lastRefreshSucceeded, Duration interval) {

    public boolean stale(Instant now) {
        return lastSuccess == null || !lastRefreshSucceeded
                || Duration.between(lastSuccess, now).compareTo(interval.multipliedBy(2)) > 0;
    }

    /** Seconds since the last successful refresh, or NaN before the first one. */
    public double ageSeconds(Instant now) {
        return lastSuccess == null ? Double.NaN : Duration.between(lastSuccess, now).toMillis() / 1000.0;
    }
}
