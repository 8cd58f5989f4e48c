package dev.orgalytics.exporter.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class PeriodsTest {

    @Test
    void periodsAreCutInTheExportersZone() {
        // Sunday 2026-11-01 22:30 UTC is already Monday 2026-11-02 in Tokyo.
        Instant now = Instant.parse("2026-11-01T22:30:00Z");
        List<Periods.Range> utc = Periods.soFar(now, ZoneId.of("UTC"));
        assertEquals(new Periods.Range("today", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-01")), utc.get(0));
        assertEquals(new Periods.Range("this_week", LocalDate.parse("2026-10-26"), LocalDate.parse("2026-11-01")), utc.get(1),
                "the ISO week started on the Monday of the previous month");
        assertEquals(new Periods.Range("this_month", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-01")), utc.get(2));

        List<Periods.Range> tokyo = Periods.soFar(now, ZoneId.of("Asia/Tokyo"));
        assertEquals(LocalDate.parse("2026-11-02"), tokyo.get(0).from());
        assertEquals(LocalDate.parse("2026-11-02"), tokyo.get(1).from(), "a new week in Tokyo");
        assertEquals(LocalDate.parse("2026-11-01"), tokyo.get(2).from());
    }

    @Test
    void daylightSavingDoesNotMoveTheDay() {
        // Berlin leaves summer time at 01:00 UTC on 2026-10-25; 23:30 UTC is still the 25th there.
        List<Periods.Range> berlin = Periods.soFar(Instant.parse("2026-10-25T21:30:00Z"), ZoneId.of("Europe/Berlin"));
        assertEquals(LocalDate.parse("2026-10-25"), berlin.get(0).from());
        assertEquals(LocalDate.parse("2026-10-19"), berlin.get(1).from());
    }

    @Test
    void thirtyDaysEndTodayInTheExportersZone() {
        Instant now = Instant.parse("2026-11-01T22:30:00Z");
        assertEquals(new Periods.Range("30d", LocalDate.parse("2026-10-03"), LocalDate.parse("2026-11-01")),
                Periods.thirtyDays(now, ZoneId.of("UTC")));
        assertEquals(LocalDate.parse("2026-11-02"), Periods.thirtyDays(now, ZoneId.of("Asia/Tokyo")).to());
    }
}
