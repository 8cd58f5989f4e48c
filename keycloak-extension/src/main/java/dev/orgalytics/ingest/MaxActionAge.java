package dev.orgalytics.ingest;

import java.time.Duration;

import org.keycloak.Config;

import dev.orgalytics.OrgAnalytics;

/**
 * Option {@code --spi-realm-restapi-extension-org-analytics-max-age-days} (default 7): the oldest
 * {@code occurredAt} the action endpoint accepts. Read here only, by the endpoint and by the
 * reports, which treat periods older than that (plus a margin) as closed.
 */
public final class MaxActionAge {

    static final String OPTION = "max-age-days";
    static final int DEFAULT_DAYS = 7;

    private MaxActionAge() {
    }

    /** From the action endpoint's own provider scope. */
    static Duration from(Config.Scope scope) {
        int days = scope.getInt(OPTION, DEFAULT_DAYS);
        if (days <= 0) {
            throw new IllegalArgumentException("org-analytics: " + OPTION + " must be positive, was " + days);
        }
        return Duration.ofDays(days);
    }

    /** For other providers: the same option, read from the action endpoint's scope. */
    public static Duration configured() {
        return from(Config.scope("realm-restapi-extension", OrgAnalytics.PROVIDER_ID));
    }
}
