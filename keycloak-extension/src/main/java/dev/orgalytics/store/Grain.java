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
    QUARTER_HOUR, DAY, MONTH;

    // The tables are named in AnalyticsTable, which refers to the grains; a switch read at call time
    // (not a constructor argument) keeps the two enums from needing each other to initialize.

    /** A realm's logins, failed logins and actions per bucket of this grain (summed over its users). */
    public String realmActivityTable() {
        return (switch (this) {
            case QUARTER_HOUR -> AnalyticsTable.REALM_ACTIVITY;
            case DAY -> AnalyticsTable.REALM_ACTIVITY_DAY;
            case MONTH -> AnalyticsTable.REALM_ACTIVITY_MONTH;
        }).tableName();
    }

    /** A realm's actions per bucket of this grain and action name. */
    public String realmActionCountTable() {
        return (switch (this) {
            case QUARTER_HOUR -> AnalyticsTable.REALM_ACTION_COUNT;
            case DAY -> AnalyticsTable.REALM_ACTION_COUNT_DAY;
            case MONTH -> AnalyticsTable.REALM_ACTION_COUNT_MONTH;
        }).tableName();
    }

    /** Logins, failed logins and actions per user and bucket of this grain. */
    public String activityTable() {
        return (switch (this) {
            case QUARTER_HOUR -> AnalyticsTable.USER_ACTIVITY;
            case DAY -> AnalyticsTable.USER_ACTIVITY_DAY;
            case MONTH -> AnalyticsTable.USER_ACTIVITY_MONTH;
        }).tableName();
    }

    /** Actions per user, bucket of this grain and action name. */
    public String actionCountTable() {
        return (switch (this) {
            case QUARTER_HOUR -> AnalyticsTable.USER_ACTION_COUNT;
            case DAY -> AnalyticsTable.USER_ACTION_COUNT_DAY;
            case MONTH -> AnalyticsTable.USER_ACTION_COUNT_MONTH;
        }).tableName();
    }

    /** Logins, failed logins and actions per organization, user and bucket of this grain (what was attributed to it). */
    public String orgActivityTable() {
        return (switch (this) {
            case QUARTER_HOUR -> AnalyticsTable.ORG_USER_ACTIVITY;
            case DAY -> AnalyticsTable.ORG_USER_ACTIVITY_DAY;
            case MONTH -> AnalyticsTable.ORG_USER_ACTIVITY_MONTH;
        }).tableName();
    }

    /** Actions per organization, user, bucket of this grain and action name. */
    public String orgActionCountTable() {
        return (switch (this) {
            case QUARTER_HOUR -> AnalyticsTable.ORG_USER_ACTION_COUNT;
            case DAY -> AnalyticsTable.ORG_USER_ACTION_COUNT_DAY;
            case MONTH -> AnalyticsTable.ORG_USER_ACTION_COUNT_MONTH;
        }).tableName();
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
