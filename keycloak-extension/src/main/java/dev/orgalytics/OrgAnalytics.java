package dev.orgalytics;

import org.keycloak.Config;

/** House names shared by every part of the extension. */
public final class OrgAnalytics {

    /** Provider id of every SPI implementation, and the path segment of every resource. */
    public static final String PROVIDER_ID = "org-analytics";

    /** Realm role that lets a service account record actions on behalf of other users. */
    public static final String RECORDER_ROLE = "org-analytics-recorder";

    private OrgAnalytics() {
    }

    /**
     * The options of the action endpoint's provider ({@code --spi-realm-restapi-extension-org-analytics-*}),
     * where {@code max-age-days} and {@code metrics-max-label-values} are set, for the other providers
     * that read them.
     */
    public static Config.Scope actionEndpointOptions() {
        return Config.scope("realm-restapi-extension", PROVIDER_ID);
    }
}
