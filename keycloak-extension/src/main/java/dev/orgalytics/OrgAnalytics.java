package dev.orgalytics;

/** House names shared by every part of the extension. */
public final class OrgAnalytics {

    /** Provider id of every SPI implementation, and the path segment of every resource. */
    public static final String PROVIDER_ID = "org-analytics";

    /** Realm role that lets a service account record actions on behalf of other users. */
    public static final String RECORDER_ROLE = "org-analytics-recorder";

    private OrgAnalytics() {
    }
}
