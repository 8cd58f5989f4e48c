package dev.orgalytics;

import java.time.Duration;

import org.keycloak.Config;

/**
 * How far an action's {@code occurredAt} may lie from the time the action endpoint received it: at
 * most {@link #MAX_FUTURE} ahead (clients' clocks run a little fast) and at most {@code max-age-days}
 * behind (option {@code --spi-realm-restapi-extension-org-analytics-max-age-days}, default
 * {@value #DEFAULT_MAX_AGE_DAYS}). The endpoint enforces it; the reports rely on it: no stored
 * action lies beyond now plus {@link #MAX_FUTURE}, and a period that ended longer ago than
 * {@link #closedAfter} can receive no more actions.
 */
public final class OccurredAtWindow {

    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    public static final String MAX_AGE_OPTION = "max-age-days";
    public static final int DEFAULT_MAX_AGE_DAYS = 7;

    /**
     * Slack on top of the oldest accepted age before a period counts as closed: the age is checked
     * when a request arrives, its rows commit a little later, and nodes' clocks may differ.
     */
    static final Duration CLOSING_MARGIN = Duration.ofDays(1);

    private OccurredAtWindow() {
    }

    /** The oldest accepted age, from the action endpoint's provider scope. */
    public static Duration maxAge(Config.Scope actionEndpointScope) {
        int days = actionEndpointScope.getInt(MAX_AGE_OPTION, DEFAULT_MAX_AGE_DAYS);
        if (days <= 0) {
            throw new IllegalArgumentException("org-analytics: " + MAX_AGE_OPTION + " must be positive, was " + days);
        }
        return Duration.ofDays(days);
    }

    /** How long after its end a period is closed when actions are accepted up to {@code maxAge} old. */
    public static Duration closedAfter(Duration maxAge) {
        return maxAge.plus(CLOSING_MARGIN);
    }

    /**
     * The configured {@code max-age-days}, for providers other than the action endpoint: events a
     * caller posts to the backfill are history written from outside Keycloak, like actions, so one
     * setting bounds how far back both may go (what Keycloak's own event store holds is read as is).
     */
    public static Duration configuredMaxAge() {
        return maxAge(OrgAnalytics.actionEndpointOptions());
    }

    /** {@link #closedAfter} for the configured {@code max-age-days}, for providers other than the action endpoint. */
    public static Duration configuredClosedAfter() {
        return closedAfter(configuredMaxAge());
    }
}
