package dev.orgalytics.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The sizes of the per-user roll-ups. Quarter hours are exact in every zone (see
 * {@link TimeBuckets}); UTC days and UTC months hold the same counts summed, so that a long range
 * reads one row per user per month instead of one per active quarter hour. A report range is cut
 * into pieces of these grains by {@code stats.RollupPlan}.
 */
public enum Grain {
    QUARTER_HOUR("OA_USER_ACTIVITY", "OA_USER_ACTION_COUNT", "OA_REALM_ACTIVITY", "OA_REALM_ACTION_COUNT"),
    DAY("OA_USER_ACTIVITY_DAY", "OA_USER_ACTION_COUNT_DAY", "OA_REALM_ACTIVITY_DAY", "OA_REALM_ACTION_COUNT_DAY"),
    MONTH("OA_USER_ACTIVITY_MONTH", "OA_USER_ACTION_COUNT_MONTH", "OA_REALM_ACTIVITY_MONTH", "OA_REALM_ACTION_COUNT_MONTH");

    private final String activityTable;
    private final String actionCountTable;
    private final String realmActivityTable;
    private final String realmActionCountTable;

    Grain(String activityTable, String actionCountTable, String realmActivityTable, String realmActionCountTable) {
        this.activityTable = activityTable;
        this.actionCountTable = actionCountTable;
        this.realmActivityTable = realmActivityTable;
        this.realmActionCountTable = realmActionCountTable;
    }

    /** A realm's logins, failed logins and actions per bucket of this grain (summed over its users). */
    public String realmActivityTable() {
        return realmActivityTable;
    }

    /** A realm's actions per bucket of this grain and action name. */
    public String realmActionCountTable() {
        return realmActionCountTable;
    }

    /** Logins, failed logins and actions per user and bucket of this grain. */
    public String activityTable() {
        return activityTable;
    }

    /** Actions per user, bucket of this grain and action name. */
    public String actionCountTable() {
        return actionCountTable;
    }

    /** The start (epoch ms) of the bucket of this grain holding {@code epochMillis}. */
    public long bucketStart(long epochMillis) {
        return switch (this) {
            case QUARTER_HOUR -> TimeBuckets.bucketStart(epochMillis);
            case DAY -> Math.floorDiv(epochMillis, TimeBuckets.DAY_MILLIS) * TimeBuckets.DAY_MILLIS;
            case MONTH -> {
                LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochMillis, TimeBuckets.DAY_MILLIS));
                yield day.withDayOfMonth(1).toEpochDay() * TimeBuckets.DAY_MILLIS;
            }
        };
    }

    /** The start of the bucket after the one starting at {@code bucketStart}. */
    public long nextBucket(long bucketStart) {
        return switch (this) {
            case QUARTER_HOUR -> bucketStart + TimeBuckets.BUCKET_MILLIS;
            case DAY -> bucketStart + TimeBuckets.DAY_MILLIS;
            case MONTH -> Instant.ofEpochMilli(bucketStart).atOffset(ZoneOffset.UTC).plusMonths(1).toInstant().toEpochMilli();
        };
    }

    /** Whether {@code epochMillis} is the start of a bucket of this grain. */
    public boolean isBoundary(long epochMillis) {
        return bucketStart(epochMillis) == epochMillis;
    }
}
