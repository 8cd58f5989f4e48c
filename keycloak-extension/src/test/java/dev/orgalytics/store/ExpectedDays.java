package dev.orgalytics.store;

/**
 * What {@link LatestActiveDays} keeps, recomputed from {@code OA_USER_LAST_ACTIVE}'s own columns in
 * portable SQL: the tests and the benchmark's generator compare the kept day counts with these.
 */
public final class ExpectedDays {

    private ExpectedDays() {
    }

    /** The UTC day of a row's latest active quarter hour ({@link LatestActiveDays#TABLE}). */
    public static String latestActivity() {
        return dayOf("BUCKET_START");
    }

    /**
     * The UTC day of the earlier of a row's creation quarter hour and its latest active quarter hour
     * ({@link LatestActiveDays#NEW_TABLE}); only for rows with a creation time (others are never new).
     */
    public static String newActivity() {
        String created = "(CREATED_AT - MOD(CREATED_AT, " + TimeBuckets.BUCKET_MILLIS + "))";
        return dayOf("(CASE WHEN " + created + " < BUCKET_START THEN " + created + " ELSE BUCKET_START END)");
    }

    private static String dayOf(String millis) {
        return millis + " - MOD(" + millis + ", " + TimeBuckets.DAY_MILLIS + ")";
    }
}
