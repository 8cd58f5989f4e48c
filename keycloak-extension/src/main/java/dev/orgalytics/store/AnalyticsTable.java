package dev.orgalytics.store;

import java.util.Arrays;
import java.util.List;

/**
 * Every table the extension's changelog creates, with what deletion and retention need to know of
 * it: whether it holds per-user rows (deleted with their user), whether and how it ages out, and its
 * primary key. Every table holds {@code REALM_ID} and is deleted with its realm. A table the
 * changelog creates but this catalog lacks would outlive its users and realms; the changelog test
 * ({@code AnalyticsTableDatabaseTest}) fails on it.
 */
public enum AnalyticsTable {
    LOGIN_EVENT("OA_LOGIN_EVENT", true, Retention.RAW, null, "EVENT_TIME", "ID"),
    ACTION("OA_ACTION", true, Retention.RAW, null, "OCCURRED_AT", "ID"),
    /** The organizations a login event is attributed to; aged out with the raw events. */
    LOGIN_EVENT_ORG("OA_LOGIN_EVENT_ORG", true, Retention.RAW, null, "EVENT_TIME", "EVENT_ID", "ORG_ID"),
    /** The organizations an action is attributed to; aged out with the raw actions. */
    ACTION_ORG("OA_ACTION_ORG", true, Retention.RAW, null, "OCCURRED_AT", "ACTION_ID", "ORG_ID"),
    USER_ACTIVITY("OA_USER_ACTIVITY", true, Retention.ROLLUP, Grain.QUARTER_HOUR, "BUCKET_START",
            "REALM_ID", "USER_ID", "BUCKET_START"),
    USER_ACTION_COUNT("OA_USER_ACTION_COUNT", true, Retention.ROLLUP, Grain.QUARTER_HOUR, "BUCKET_START",
            "REALM_ID", "USER_ID", "BUCKET_START", "ACTION"),
    USER_ACTIVITY_DAY("OA_USER_ACTIVITY_DAY", true, Retention.ROLLUP, Grain.DAY, "BUCKET_START",
            "REALM_ID", "USER_ID", "BUCKET_START"),
    USER_ACTION_COUNT_DAY("OA_USER_ACTION_COUNT_DAY", true, Retention.ROLLUP, Grain.DAY, "BUCKET_START",
            "REALM_ID", "USER_ID", "BUCKET_START", "ACTION"),
    USER_ACTIVITY_MONTH("OA_USER_ACTIVITY_MONTH", true, Retention.ROLLUP, Grain.MONTH, "BUCKET_START",
            "REALM_ID", "USER_ID", "BUCKET_START"),
    USER_ACTION_COUNT_MONTH("OA_USER_ACTION_COUNT_MONTH", true, Retention.ROLLUP, Grain.MONTH, "BUCKET_START",
            "REALM_ID", "USER_ID", "BUCKET_START", "ACTION"),
    /** A user's activity attributed to an organization, per quarter hour; the organization's reports read these. */
    ORG_USER_ACTIVITY("OA_ORG_USER_ACTIVITY", true, Retention.ROLLUP, Grain.QUARTER_HOUR, "BUCKET_START",
            "REALM_ID", "ORG_ID", "BUCKET_START", "USER_ID"),
    ORG_USER_ACTION_COUNT("OA_ORG_USER_ACTION_COUNT", true, Retention.ROLLUP, Grain.QUARTER_HOUR, "BUCKET_START",
            "REALM_ID", "ORG_ID", "BUCKET_START", "ACTION", "USER_ID"),
    ORG_USER_ACTIVITY_DAY("OA_ORG_USER_ACTIVITY_DAY", true, Retention.ROLLUP, Grain.DAY, "BUCKET_START",
            "REALM_ID", "ORG_ID", "BUCKET_START", "USER_ID"),
    ORG_USER_ACTION_COUNT_DAY("OA_ORG_USER_ACTION_COUNT_DAY", true, Retention.ROLLUP, Grain.DAY, "BUCKET_START",
            "REALM_ID", "ORG_ID", "BUCKET_START", "ACTION", "USER_ID"),
    ORG_USER_ACTIVITY_MONTH("OA_ORG_USER_ACTIVITY_MONTH", true, Retention.ROLLUP, Grain.MONTH, "BUCKET_START",
            "REALM_ID", "ORG_ID", "BUCKET_START", "USER_ID"),
    ORG_USER_ACTION_COUNT_MONTH("OA_ORG_USER_ACTION_COUNT_MONTH", true, Retention.ROLLUP, Grain.MONTH, "BUCKET_START",
            "REALM_ID", "ORG_ID", "BUCKET_START", "ACTION", "USER_ID"),
    /** When a member joined an organization; kept while they are a member, never aged out. */
    ORG_MEMBER("OA_ORG_MEMBER", true, Retention.NONE, null, null, "REALM_ID", "ORG_ID", "USER_ID"),
    /** All-time counters and latest times: never aged out, they are what "last login" reads. */
    USER_TOTALS("OA_USER_TOTALS", true, Retention.NONE, null, null, "REALM_ID", "USER_ID"),
    /** One row per user, moved forward; kept like the totals. */
    USER_LAST_ACTIVE("OA_USER_LAST_ACTIVE", true, Retention.NONE, null, null, "REALM_ID", "USER_ID"),
    /** A realm's users per UTC day of their latest activity ({@link LatestActiveDays}); kept like the rows it counts. */
    REALM_LAST_ACTIVE_DAY(LatestActiveDays.TABLE, false, Retention.NONE, null, null, "REALM_ID", "DAY_START", "STRIPE"),
    /** A realm's users per UTC day of the earlier of their creation and latest activity; kept like the rows it counts. */
    REALM_NEW_ACTIVE_DAY(LatestActiveDays.NEW_TABLE, false, Retention.NONE, null, null, "REALM_ID", "DAY_START", "STRIPE"),
    REALM_ACTIVITY("OA_REALM_ACTIVITY", false, Retention.ROLLUP, Grain.QUARTER_HOUR, "BUCKET_START",
            "REALM_ID", "BUCKET_START", "STRIPE"),
    REALM_ACTION_COUNT("OA_REALM_ACTION_COUNT", false, Retention.ROLLUP, Grain.QUARTER_HOUR, "BUCKET_START",
            "REALM_ID", "BUCKET_START", "ACTION", "STRIPE"),
    REALM_ACTIVITY_DAY("OA_REALM_ACTIVITY_DAY", false, Retention.ROLLUP, Grain.DAY, "BUCKET_START",
            "REALM_ID", "BUCKET_START", "STRIPE"),
    REALM_ACTION_COUNT_DAY("OA_REALM_ACTION_COUNT_DAY", false, Retention.ROLLUP, Grain.DAY, "BUCKET_START",
            "REALM_ID", "BUCKET_START", "ACTION", "STRIPE"),
    REALM_ACTIVITY_MONTH("OA_REALM_ACTIVITY_MONTH", false, Retention.ROLLUP, Grain.MONTH, "BUCKET_START",
            "REALM_ID", "BUCKET_START", "STRIPE"),
    REALM_ACTION_COUNT_MONTH("OA_REALM_ACTION_COUNT_MONTH", false, Retention.ROLLUP, Grain.MONTH, "BUCKET_START",
            "REALM_ID", "BUCKET_START", "ACTION", "STRIPE"),
    /** A realm's counter that invalidates cached reports on every node; see {@link ReportGeneration}. */
    REPORT_GENERATION("OA_REPORT_GENERATION", false, Retention.NONE, null, null, "REALM_ID"),
    CATALOG("OA_CATALOG", false, Retention.NONE, null, null, "REALM_ID"),
    CATALOG_ACTION("OA_CATALOG_ACTION", false, Retention.NONE, null, null, "REALM_ID", "ACTION"),
    REFUSED_ACTION("OA_REFUSED_ACTION", false, Retention.NONE, null, null, "REALM_ID", "ACTION");

    /** Which retention setting ages a table's rows out. */
    public enum Retention {
        /** {@code raw-retention-days}: login events and actions as received. */
        RAW,
        /** {@code rollup-retention-days}: buckets, each only once its whole period is older than the cut-off. */
        ROLLUP,
        /** Never deleted by age, only with their user or realm. */
        NONE
    }

    static final String REALM_COLUMN = "REALM_ID";
    static final String USER_COLUMN = "USER_ID";

    private final String tableName;
    private final boolean perUser;
    private final Retention retention;
    /** The roll-up's bucket size; null for raw rows, which carry their own time, and for tables not aged out. */
    private final Grain grain;
    private final String timeColumn;
    private final List<String> primaryKey;

    AnalyticsTable(String tableName, boolean perUser, Retention retention, Grain grain, String timeColumn,
                   String... primaryKey) {
        this.tableName = tableName;
        this.perUser = perUser;
        this.retention = retention;
        this.grain = grain;
        this.timeColumn = timeColumn;
        this.primaryKey = List.of(primaryKey);
    }

    public String tableName() {
        return tableName;
    }

    /** Whether the table holds rows of single users ({@code USER_ID}), deleted with their user. */
    public boolean perUser() {
        return perUser;
    }

    public Retention retention() {
        return retention;
    }

    /** The column a row's age is read from; null when the table is not aged out. */
    public String timeColumn() {
        return timeColumn;
    }

    public List<String> primaryKey() {
        return primaryKey;
    }

    /**
     * The time before which this table's rows go, for a retention cut-off: a raw row goes once it
     * is older than the cut-off; a roll-up bucket only once its whole period is, so the bucket
     * holding the cut-off (today's day, this month's month) stays and keeps counting the recent
     * part exactly. Buckets starting before the one holding the cut-off ended by its start.
     */
    public long deleteBefore(long cutoffMillis) {
        if (retention == Retention.NONE) {
            throw new IllegalStateException(tableName + " is not aged out");
        }
        return grain == null ? cutoffMillis : grain.bucketStart(cutoffMillis);
    }

    /** The tables aged out by {@code retention}, in declaration order. */
    public static List<AnalyticsTable> agedOutBy(Retention retention) {
        return Arrays.stream(values()).filter(t -> t.retention == retention).toList();
    }
}
