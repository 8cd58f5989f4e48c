package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class IntervalTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void daysAcrossADaylightSavingChangeAreLocalDays() {
        // Europe/Berlin leaves summer time on 2026-10-25: that day lasts 25 hours.
        List<Interval.Period> days = Interval.DAY.periods(ReportRange.parse("2026-10-24", "2026-10-26", "Europe/Berlin", NOW));
        assertEquals(3, days.size());
        assertEquals(Instant.parse("2026-10-23T22:00:00Z"), days.get(0).start());
        assertEquals(Duration.ofHours(25), Duration.between(days.get(1).start(), days.get(1).end()));
        assertEquals(Instant.parse("2026-10-26T23:00:00Z"), days.get(2).end());
    }

    @Test
    void weeksStartOnMondayAndAreClippedToTheRange() {
        // 2026-11-01 is a Sunday.
        List<Interval.Period> weeks = Interval.WEEK.periods(ReportRange.parse("2026-11-01", "2026-11-10", "UTC", NOW));
        assertEquals(3, weeks.size());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), weeks.get(0).start(), "clipped to the range");
        assertEquals(Instant.parse("2026-11-02T00:00:00Z"), weeks.get(0).end());
        assertEquals(Instant.parse("2026-11-09T00:00:00Z"), weeks.get(2).start());
        assertEquals(Instant.parse("2026-11-11T00:00:00Z"), weeks.get(2).end());
    }

    @Test
    void monthsHaveTheirOwnLengths() {
        List<Interval.Period> months = Interval.MONTH.periods(ReportRange.parse("2026-01-15", "2026-03-31", "America/New_York", NOW));
        assertEquals(3, months.size());
        assertEquals(Instant.parse("2026-01-15T05:00:00Z"), months.get(0).start());
        assertEquals(Instant.parse("2026-02-01T05:00:00Z"), months.get(1).start());
        assertEquals(Instant.parse("2026-03-01T05:00:00Z"), months.get(2).start());
        assertEquals(Instant.parse("2026-04-01T04:00:00Z"), months.get(2).end(), "after the spring change");
    }

    @Test
    void periodsTileTheRangeWithoutGapsOrOverlaps() {
        for (Interval interval : Interval.values()) {
            ReportRange range = ReportRange.parse("2025-12-20", "2026-11-22", "Asia/Kathmandu", NOW);
            List<Interval.Period> periods = interval.periods(range);
            assertEquals(range.start(), periods.get(0).start());
            assertEquals(range.end(), periods.get(periods.size() - 1).end());
            for (int i = 1; i < periods.size(); i++) {
                assertEquals(periods.get(i - 1).end(), periods.get(i).start());
            }
        }
    }

    @Test
    void parse() {
        assertEquals(Interval.DAY, Interval.parse(null));
        assertEquals(Interval.WEEK, Interval.parse("week"));
        assertEquals("interval", assertThrows(BadRequest.class, () -> Interval.parse("fortnight")).parameter());
    }
}
