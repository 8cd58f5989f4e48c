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
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0 + QUARTER, "b", D0 + DAY)), Map.of(),
                Map.of(user("a"), D0 + 7 * 60_000L));
        assertEquals(List.of(new LatestActiveDays.UserBucket(user("a"), D0 + QUARTER, D0 + 7 * 60_000L),
                new LatestActiveDays.UserBucket(user("b"), D0 + DAY, null)), m.inserts());
        assertEquals(List.of(), m.moves());
        assertEquals(Map.of(day(0), 1L, day(1), 1L), m.dayCounts());
        // b's creation is unknown: never a new user.
        assertEquals(Map.of(day(0), 1L), m.newDayCounts());
    }

    @Test
    void aLaterDayMovesTheUserFromOneDaysCountToTheOther() {
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0 + 2 * DAY)), stored("a", D0 + 5 * QUARTER, D0),
                Map.of());
        assertEquals(List.of(), m.inserts());
        assertEquals(List.of(new LatestActiveDays.UserBucket(user("a"), D0 + 2 * DAY, D0)), m.moves());
        assertEquals(Map.of(day(0), -1L, day(2), 1L), m.dayCounts());
        // Created before that activity: counted on the day of their creation, which does not move.
        assertEquals(Map.of(), m.newDayCounts());
    }

    @Test
    void aUserFirstActiveBeforeTheirCreationIsCountedOnTheActivitysDayUntilActiveAgain() {
        // Actions posted with an earlier time than the account (history imported for a new user).
        long created = D0 + 3 * DAY + 10 * 60_000L;
        LatestActiveDays.Moves first = LatestActiveDays.plan(latest(Map.of("a", D0 + DAY)), Map.of(), Map.of(user("a"), created));
        assertEquals(Map.of(day(1), 1L), first.newDayCounts());
        LatestActiveDays.Moves stillBefore = LatestActiveDays.plan(latest(Map.of("a", D0 + 2 * DAY)),
                stored("a", D0 + DAY, created), Map.of());
        assertEquals(Map.of(day(1), -1L, day(2), 1L), stillBefore.newDayCounts());
        LatestActiveDays.Moves after = LatestActiveDays.plan(latest(Map.of("a", D0 + 5 * DAY)),
                stored("a", D0 + 2 * DAY, created), Map.of());
        assertEquals(Map.of(day(2), -1L, day(3), 1L), after.newDayCounts());
        assertEquals(D0 + 3 * DAY, LatestActiveDays.newActiveBucket(D0 + 5 * DAY, created));
    }

    @Test
    void aLaterQuarterHourOfTheSameDayMovesTheRowButNoCount() {
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0 + DAY - QUARTER)), stored("a", D0, null), Map.of());
        assertEquals(List.of(new LatestActiveDays.UserBucket(user("a"), D0 + DAY - QUARTER, null)), m.moves());
        assertEquals(Map.of(), m.dayCounts());
        assertEquals(Map.of(), m.newDayCounts());
    }

    @Test
    void anEarlierOrEqualBucketChangesNothing() {
        Map<Rollup.UserKey, LatestActiveDays.UserBucket> stored = new TreeMap<>(stored("a", D0 + DAY, D0));
        stored.putAll(stored("b", D0 + DAY, D0 + 2 * DAY));
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0, "b", D0 + DAY)), stored, Map.of());
        assertEquals(List.of(), m.inserts());
        assertEquals(List.of(), m.moves());
        assertEquals(Map.of(), m.dayCounts());
        assertEquals(Map.of(), m.newDayCounts());
    }

    @Test
    void movesThatCancelLeaveNoZeroCount() {
        // One user leaves day 1 for day 2, another arrives on day 1 from day 0: day 1 is unchanged.
        Map<Rollup.UserKey, LatestActiveDays.UserBucket> stored = new TreeMap<>(stored("a", D0 + DAY, null));
        stored.putAll(stored("b", D0, null));
        LatestActiveDays.Moves m = LatestActiveDays.plan(latest(Map.of("a", D0 + 2 * DAY, "b", D0 + DAY)), stored, Map.of());
        assertEquals(Map.of(day(0), -1L, day(2), 1L), m.dayCounts());
    }

    private static Rollup.RealmBucketKey day(int n) {
        return new Rollup.RealmBucketKey("r", D0 + n * DAY);
    }

    private static Map<Rollup.UserKey, LatestActiveDays.UserBucket> stored(String id, long bucket, Long createdAt) {
        return Map.of(user(id), new LatestActiveDays.UserBucket(user(id), bucket, createdAt));
    }

    private static SortedMap<Rollup.UserKey, Long> latest(Map<String, Long> byUser) {
        SortedMap<Rollup.UserKey, Long> out = new TreeMap<>();
        byUser.forEach((u, b) -> out.put(user(u), b));
        return out;
    }
}
