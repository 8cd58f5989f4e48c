package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class LatestActiveDaysTest {

    private static final long DAY = TimeBuckets.DAY_MILLIS;
    private static final long D0 = 20_000 * DAY;
    private static final long QUARTER = TimeBuckets.BUCKET_MILLIS;

    private static Rollup.UserKey user(String id) {
        return new Rollup.UserKey("r", id);
    }

    @Test
    void newUsersAreInsertedAndCountedOnTheirDay() {
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0 + QUARTER, "b", D0 + DAY)), Map.of());
        assertEquals(List.of(new LatestActiveDays.UserBucket(user("a"), D0 + QUARTER),
                new LatestActiveDays.UserBucket(user("b"), D0 + DAY)), m.inserts());
        assertEquals(List.of(), m.moves());
        assertEquals(Map.of(new Rollup.RealmBucketKey("r", D0), 1L, new Rollup.RealmBucketKey("r", D0 + DAY), 1L), m.dayCounts());
    }

    @Test
    void aLaterDayMovesTheUserFromOneDaysCountToTheOther() {
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0 + 2 * DAY)), Map.of(user("a"), D0 + 5 * QUARTER));
        assertEquals(List.of(), m.inserts());
        assertEquals(List.of(new LatestActiveDays.UserBucket(user("a"), D0 + 2 * DAY)), m.moves());
        assertEquals(Map.of(new Rollup.RealmBucketKey("r", D0), -1L, new Rollup.RealmBucketKey("r", D0 + 2 * DAY), 1L), m.dayCounts());
    }

    @Test
    void aLaterQuarterHourOfTheSameDayMovesTheRowButNoCount() {
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0 + DAY - QUARTER)), Map.of(user("a"), D0));
        assertEquals(List.of(new LatestActiveDays.UserBucket(user("a"), D0 + DAY - QUARTER)), m.moves());
        assertEquals(Map.of(), m.dayCounts());
    }

    @Test
    void anEarlierOrEqualBucketChangesNothing() {
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0, "b", D0 + DAY)),
                Map.of(user("a"), D0 + DAY, user("b"), D0 + DAY));
        assertEquals(List.of(), m.inserts());
        assertEquals(List.of(), m.moves());
        assertEquals(Map.of(), m.dayCounts());
    }

    @Test
    void movesThatCancelLeaveNoZeroCount() {
        // One user leaves day 1 for day 2, another arrives on day 1 from day 0: day 1 is unchanged.
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0 + 2 * DAY, "b", D0 + DAY)),
                Map.of(user("a"), D0 + DAY, user("b"), D0));
        assertEquals(Map.of(new Rollup.RealmBucketKey("r", D0), -1L, new Rollup.RealmBucketKey("r", D0 + 2 * DAY), 1L), m.dayCounts());
    }

    private static SortedMap<Rollup.UserKey, Long> latest(Map<String, Long> byUser) {
        SortedMap<Rollup.UserKey, Long> out = new TreeMap<>();
        byUser.forEach((u, b) -> out.put(user(u), b));
        return out;
    }
}
