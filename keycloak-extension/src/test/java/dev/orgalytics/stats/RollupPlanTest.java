package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.orgalytics.store.Grain;
import dev.orgalytics.store.TimeBuckets;

class RollupPlanTest {

    private static final long QH = TimeBuckets.BUCKET_MILLIS;

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aWholeUtcMonthIsOneMonthPiece() {
        assertEquals(List.of(new RollupPlan.Piece(Grain.MONTH, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), 1)),
                RollupPlan.exact(at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z")));
    }

    @Test
    void aMonthInBerlinIsAnHourOfQuarterHoursDaysAndTheLastDayToTwentyThreeHundred() {
        // November 2026 in Europe/Berlin (UTC+1): 2026-10-31T23:00Z to 2026-11-30T23:00Z.
        assertEquals(List.of(
                new RollupPlan.Piece(Grain.QUARTER_HOUR, at("2026-10-31T23:00:00Z"), at("2026-11-01T00:00:00Z"), 1),
                new RollupPlan.Piece(Grain.DAY, at("2026-11-01T00:00:00Z"), at("2026-11-30T00:00:00Z"), 1),
                new RollupPlan.Piece(Grain.QUARTER_HOUR, at("2026-11-30T00:00:00Z"), at("2026-11-30T23:00:00Z"), 1)),
                RollupPlan.exact(at("2026-10-31T23:00:00Z"), at("2026-11-30T23:00:00Z")));
    }

    @Test
    void theLastThirtyDaysForSumsReadTheCurrentMonthLessItsFuture() {
        List<RollupPlan.Piece> plan = RollupPlan.forSums(at("2026-10-30T00:00:00Z"), at("2026-11-29T00:00:00Z"));
        assertEquals(List.of(
                new RollupPlan.Piece(Grain.DAY, at("2026-10-30T00:00:00Z"), at("2026-11-01T00:00:00Z"), 1),
                new RollupPlan.Piece(Grain.MONTH, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), 1),
                new RollupPlan.Piece(Grain.DAY, at("2026-11-29T00:00:00Z"), at("2026-12-01T00:00:00Z"), -1)), plan);
    }

    /** This month so far is read as the month less the rest: its first days' rows may be gone to retention. */
    @Test
    void thisMonthSoFarForSumsReadsTheMonthLessItsFuture() {
        long now = at("2026-12-06T14:00:00Z");
        assertEquals(List.of(
                new RollupPlan.Piece(Grain.MONTH, at("2026-12-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), 1),
                new RollupPlan.Piece(Grain.QUARTER_HOUR, at("2026-12-06T15:00:00Z"), at("2026-12-07T00:00:00Z"), -1),
                new RollupPlan.Piece(Grain.DAY, at("2026-12-07T00:00:00Z"), at("2027-01-01T00:00:00Z"), -1)),
                RollupPlan.forSums(at("2026-12-01T00:00:00Z"), at("2026-12-06T15:00:00Z"), now));
        // Ending a few milliseconds before now (a report "to now"), or last night: still the month, less the rest.
        assertEquals(Grain.MONTH, RollupPlan.forSums(at("2026-12-01T00:00:00Z"), now - 5, now).get(0).grain());
        assertEquals(Grain.MONTH, RollupPlan.forSums(at("2026-12-01T00:00:00Z"), at("2026-12-06T00:00:00Z"), now).get(0).grain());
        // Seen from later in the month, the same range is in the past: its own days, added.
        assertEquals(List.of(
                new RollupPlan.Piece(Grain.DAY, at("2026-12-01T00:00:00Z"), at("2026-12-06T00:00:00Z"), 1),
                new RollupPlan.Piece(Grain.QUARTER_HOUR, at("2026-12-06T00:00:00Z"), at("2026-12-06T15:00:00Z"), 1)),
                RollupPlan.forSums(at("2026-12-01T00:00:00Z"), at("2026-12-06T15:00:00Z"), at("2026-12-20T00:00:00Z")));
        // A range not starting on the 1st never subtracts days before it (they may be gone).
        assertTrue(RollupPlan.forSums(at("2026-12-03T00:00:00Z"), at("2026-12-06T15:00:00Z"), now).stream()
                .allMatch(p -> p.sign() == 1));
    }

    @Test
    void periodBoundsAreNeverStraddled() {
        // Two Berlin days: no UTC day lies inside one of them, so only quarter hours are read (each
        // falls into one day, even when a piece runs on across the bound).
        List<Long> bounds = List.of(at("2026-11-01T23:00:00Z"), at("2026-11-02T23:00:00Z"), at("2026-11-03T23:00:00Z"));
        assertEquals(List.of(new RollupPlan.Piece(Grain.QUARTER_HOUR, bounds.get(0), bounds.get(2), 1)), RollupPlan.exact(bounds));
        // A Berlin week holds whole UTC days, but not the ones across its bounds.
        List<Long> weeks = List.of(at("2026-11-01T23:00:00Z"), at("2026-11-08T23:00:00Z"), at("2026-11-15T23:00:00Z"));
        for (RollupPlan.Piece p : RollupPlan.exact(weeks)) {
            if (p.grain() != Grain.QUARTER_HOUR) {
                assertTrue(p.to() <= weeks.get(1) || p.from() >= weeks.get(1), p.toString());
            }
        }
        // UTC days merge into one day piece across the bounds.
        assertEquals(List.of(new RollupPlan.Piece(Grain.DAY, at("2026-11-01T00:00:00Z"), at("2026-11-04T00:00:00Z"), 1)),
                RollupPlan.exact(List.of(at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"), at("2026-11-04T00:00:00Z"))));
    }

    /**
     * Random quarter-hour activity over two years and random ranges (aligned to zones' midnights, to
     * quarter hours, or to the minute): reading the pieces from the day and month sums gives exactly
     * the quarter hours of the range, for both plans; exact plans never subtract.
     */
    @Test
    void piecesAddUpToTheQuarterHoursOfTheRange() {
        SplittableRandom random = new SplittableRandom(7);
        long origin = at("2025-06-01T00:00:00Z");
        int buckets = 2 * 365 * 96;
        long[] values = new long[buckets];
        for (int i = 0; i < buckets; i++) {
            values[i] = random.nextInt(10) < 3 ? random.nextInt(1, 50) : 0;
        }
        List<ZoneId> zones = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kolkata"),
                ZoneId.of("Asia/Kathmandu"), ZoneId.of("America/Los_Angeles"));
        for (int run = 0; run < 400; run++) {
            long start, end;
            int kind = random.nextInt(3);
            if (kind == 0) {
                ZoneId zone = zones.get(random.nextInt(zones.size()));
                var first = java.time.LocalDate.of(2025, 7, 1).plusDays(random.nextInt(500));
                start = first.atStartOfDay(zone).toInstant().toEpochMilli();
                end = first.plusDays(random.nextInt(1, 200)).atStartOfDay(zone).toInstant().toEpochMilli();
            } else {
                start = origin + QH * random.nextInt(96, buckets / 2) + (kind == 2 ? random.nextInt(60) * 60_000L : 0);
                end = start + QH * random.nextInt(1, buckets / 3) + (kind == 2 ? random.nextInt(60) * 60_000L : 0);
            }
            long expected = 0;
            for (int i = 0; i < buckets; i++) {
                long b = origin + i * QH;
                if (b >= start && b < end) expected += values[i];
            }
            assertEquals(expected, read(RollupPlan.exact(start, end), values, origin), "exact " + start + ".." + end);
            assertEquals(expected, read(RollupPlan.forSums(start, end), values, origin), "sums " + start + ".." + end);
            long now = start + (long) (random.nextDouble() * (end - start + 40 * 86_400_000L));
            assertEquals(expected, read(RollupPlan.forSums(start, end, now), values, origin), "sums " + start + ".." + end + " at " + now);
            assertTrue(RollupPlan.exact(start, end).stream().allMatch(p -> p.sign() == 1));
        }
    }

    /** What the SQL does: for each piece, the rows of its grain whose bucket starts in the piece, times its sign. */
    private static long read(List<RollupPlan.Piece> plan, long[] values, long origin) {
        long sum = 0;
        for (RollupPlan.Piece p : plan) {
            for (int i = 0; i < values.length; i++) {
                long bucket = p.grain().bucketStart(origin + i * QH);
                if (bucket >= p.from() && bucket < p.to()) sum += p.sign() * values[i];
            }
        }
        return sum;
    }
}
