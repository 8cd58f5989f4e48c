package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LeaderboardPeriodTest {

    // Sunday 2026-11-22, 23:30 UTC: already Monday the 23rd in Tokyo.
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T23:30:00Z"), ZoneOffset.UTC);

    @Test
    void weeksAreMondayToSundayInTheZone() {
        ReportRange utc = LeaderboardPeriod.THIS_WEEK.range(null, null, "UTC", NOW);
        assertEquals(LocalDate.parse("2026-11-16"), utc.fromDate());
        assertEquals(LocalDate.parse("2026-11-22"), utc.toDate());
        ReportRange tokyo = LeaderboardPeriod.THIS_WEEK.range(null, null, "Asia/Tokyo", NOW);
        assertEquals(LocalDate.parse("2026-11-23"), tokyo.fromDate());
        assertEquals(Instant.parse("2026-11-22T15:00:00Z"), tokyo.start());
        ReportRange last = LeaderboardPeriod.LAST_WEEK.range(null, null, "UTC", NOW);
        assertEquals(LocalDate.parse("2026-11-09"), last.fromDate());
        assertEquals(LocalDate.parse("2026-11-15"), last.toDate());
    }

    @Test
    void monthsAreWholeCalendarMonths() {
        ReportRange now = LeaderboardPeriod.THIS_MONTH.range(null, null, "UTC", NOW);
        assertEquals(LocalDate.parse("2026-11-01"), now.fromDate());
        assertEquals(LocalDate.parse("2026-11-30"), now.toDate());
        ReportRange last = LeaderboardPeriod.LAST_MONTH.range(null, null, "UTC", NOW);
        assertEquals(LocalDate.parse("2026-10-01"), last.fromDate());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), last.end());
    }

    @Test
    void customUsesFromAndTo() {
        ReportRange r = LeaderboardPeriod.CUSTOM.range("2026-11-02", "2026-11-03", "UTC", NOW);
        assertEquals(Instant.parse("2026-11-04T00:00:00Z"), r.end());
        assertEquals("period", assertThrows(BadRequest.class, () -> LeaderboardPeriod.parse("yesterday")).parameter());
    }
}
