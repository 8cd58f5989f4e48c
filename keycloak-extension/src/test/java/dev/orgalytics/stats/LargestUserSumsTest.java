package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.orgalytics.store.Grain;

class LargestUserSumsTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** {logins, failed logins, actions} per user, as the search holds them. */
    private static Map<String, long[]> sums(Object... userAndActions) {
        Map<String, long[]> out = new HashMap<>();
        for (int i = 0; i < userAndActions.length; i += 2) {
            long actions = ((Number) userAndActions[i + 1]).longValue();
            out.put((String) userAndActions[i], new long[] {1, 0, actions});
        }
        return out;
    }

    @Test
    void decidedWhenTheNeededValueIsAboveTheBoundWithItsTiesLargestFirst() {
        Map<String, long[]> found = LargestUserSums.ifDecided(sums("a", 9, "b", 7, "c", 7, "d", 3, "e", 0), "ACTIONS", 2, 6);
        assertEquals("a", found.keySet().iterator().next(), "largest first");
        assertEquals(java.util.Set.of("a", "b", "c"), found.keySet(), "b and c tie at the second place");
        assertArrayEquals(new long[] {9, 1, 0, 9}, found.get("a"), "the value first, then the sums");
    }

    @Test
    void undecidedWhileAnUnseenUserCouldReachOrTieTheNeededValue() {
        assertNull(LargestUserSums.ifDecided(sums("a", 9, "b", 7), "ACTIONS", 2, 7), "an unseen user could tie with 7");
        assertNull(LargestUserSums.ifDecided(sums("a", 9, "b", 7), "ACTIONS", 2, 8));
    }

    @Test
    void undecidedWithFewerPositiveSumsThanNeeded() {
        assertNull(LargestUserSums.ifDecided(sums("a", 9, "b", 0), "ACTIONS", 2, 0));
    }

    @Test
    void logInsAreRankedByTheirOwnSum() {
        Map<String, long[]> found = LargestUserSums.ifDecided(sums("a", 9, "b", 7), "LOGINS", 1, 0);
        assertEquals(2, found.size(), "both have one login: a tie");
    }

    @Test
    void theMonthsOfAddedPiecesOnly() {
        // The last 30 days on November 18: October's days, November read whole less its last 12 days.
        List<RollupPlan.Piece> plan = List.of(
                new RollupPlan.Piece(Grain.DAY, at("2026-10-20T00:00:00Z"), at("2026-11-01T00:00:00Z"), 1),
                new RollupPlan.Piece(Grain.MONTH, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), 1),
                new RollupPlan.Piece(Grain.DAY, at("2026-11-19T00:00:00Z"), at("2026-12-01T00:00:00Z"), -1),
                new RollupPlan.Piece(Grain.DAY, at("2026-12-01T00:00:00Z"), at("2026-12-02T00:00:00Z"), -1));
        assertEquals(List.of(at("2026-10-01T00:00:00Z"), at("2026-11-01T00:00:00Z")), LargestUserSums.monthsOf(plan));
        // A piece of several whole months touches each of them; a quarter hour its month.
        assertEquals(List.of(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"),
                        at("2026-04-01T00:00:00Z")),
                LargestUserSums.monthsOf(List.of(
                        new RollupPlan.Piece(Grain.MONTH, at("2026-01-01T00:00:00Z"), at("2026-04-01T00:00:00Z"), 1),
                        new RollupPlan.Piece(Grain.QUARTER_HOUR, at("2026-04-01T00:00:00Z"), at("2026-04-01T01:00:00Z"), 1))));
    }
}
