package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReportRangeTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T23:30:00Z"), ZoneOffset.UTC);

    @Test
    void defaultIsTheLastThirtyDaysTodayIncluded() {
        ReportRange r = ReportRange.parse(null, null, null, NOW);
        assertEquals(Instant.parse("2026-10-24T00:00:00Z"), r.start());
        assertEquals(Instant.parse("2026-11-23T00:00:00Z"), r.end());
        assertEquals("2026-10-24_2026-11-22", r.label());
    }

    @Test
    void todayDependsOnTheZone() {
        // 23:30 UTC is already the 23rd in Berlin.
        ReportRange r = ReportRange.parse(null, null, "Europe/Berlin", NOW);
        assertEquals(LocalDate.parse("2026-11-23"), r.toDate());
        assertEquals(Instant.parse("2026-11-23T23:00:00Z"), r.end());
    }

    @Test
    void datesAreWholeDaysInTheZoneAndToIsInclusive() {
        ReportRange r = ReportRange.parse("2026-11-01", "2026-11-30", "Asia/Kolkata", NOW);
        assertEquals(Instant.parse("2026-10-31T18:30:00Z"), r.start());
        assertEquals(Instant.parse("2026-11-30T18:30:00Z"), r.end());
        assertEquals("2026-11-01_2026-11-30", r.label());
    }

    @Test
    void dateTimesAreTakenAsGiven() {
        ReportRange r = ReportRange.parse("2026-11-01T10:00:00+01:00", "2026-11-02T00:00:00Z", null, NOW);
        assertEquals(Instant.parse("2026-11-01T09:00:00Z"), r.start());
        assertEquals(Instant.parse("2026-11-02T00:00:00Z"), r.end());
    }

    @Test
    void badParametersNameTheParameter() {
        for (List<String> bad : List.of(
                List.of("2026-11-30", "2026-11-01", "UTC", "from"),
                List.of("2020-01-01", "2026-11-01", "UTC", "from"),
                List.of("2026-13-01", "2026-11-01", "UTC", "from"),
                List.of("2026-11-01", "yesterday", "UTC", "to"),
                List.of("2026-11-01", "2026-11-02", "Mars/Olympus", "tz"))) {
            BadRequest e = assertThrows(BadRequest.class, () -> ReportRange.parse(bad.get(0), bad.get(1), bad.get(2), NOW), bad.toString());
            assertEquals(bad.get(3), e.parameter(), bad.toString());
        }
    }

    @Test
    void threeYearsIsTheLongestRange() {
        ReportRange.parse("2023-11-23", "2026-11-22", "UTC", NOW);
        assertThrows(BadRequest.class, () -> ReportRange.parse("2023-01-01", "2026-11-22", "UTC", NOW));
    }

    /** Exactly three calendar years in the report's zone: not a day more, leap days included. */
    @Test
    void theCapIsExactlyThreeCalendarYears() {
        for (String zone : List.of("UTC", "Europe/Berlin", "Pacific/Kiritimati", "America/Los_Angeles")) {
            ReportRange.parse("2023-01-01", "2025-12-31", zone, NOW);
            ReportRange.parse("2024-02-29", "2027-02-27", zone, NOW);
            ReportRange.parse("2023-03-15T10:00:00+01:00", "2026-03-15T10:00:00+01:00", zone, NOW);
            assertThrows(BadRequest.class, () -> ReportRange.parse("2023-01-01", "2026-01-01", zone, NOW), zone);
            assertThrows(BadRequest.class, () -> ReportRange.parse("2024-02-29", "2027-02-28", zone, NOW), zone);
            assertThrows(BadRequest.class, () -> ReportRange.parse("2023-03-15T10:00:00+01:00", "2026-03-15T10:00:00.001+01:00", zone, NOW), zone);
        }
    }

    /** Dates a 64-bit millisecond timestamp and java.time cannot carry through a report: 400, not an overflow. */
    @Test
    void datesOutsideTheStorableYearsAreBadRequests() {
        for (List<String> bad : List.of(
                List.of("+999999998-01-01T00:00:00Z", "", "from"),
                List.of("", "+999999998-01-01T00:00:00Z", "to"),
                List.of("-999999999-01-01T00:00:00Z", "", "from"),
                List.of("+10000-01-01T00:00:00Z", "+10000-01-02T00:00:00Z", "to"),
                List.of("1969-12-31", "1970-01-02", "from"),
                List.of("9999-12-30", "10000-01-01", "to"))) {
            BadRequest e = assertThrows(BadRequest.class, () -> ReportRange.parse(bad.get(0), bad.get(1), "UTC", NOW), bad.toString());
            assertEquals(bad.get(2), e.parameter(), bad.toString());
        }
        ReportRange.parse("9999-06-01T00:00:00+18:00", "9999-12-31T23:59:59-18:00", "UTC", NOW);
        ReportRange last = ReportRange.parse("9997-01-01", "9999-12-31", "Pacific/Kiritimati", NOW);
        assertEquals(LocalDate.parse("9999-12-31"), last.toDate());
        ReportRange first = ReportRange.parse("1970-01-01", "1970-01-31", "America/Los_Angeles", NOW);
        assertEquals(LocalDate.parse("1970-01-01"), first.fromDate());
    }

    /** Whole days before whole days, in the zone: November 1-30 in Berlin follows October 2-31 across the end of summer time. */
    @Test
    void thePreviousRangeOfWholeDaysIsAsManyDaysBefore() {
        ReportRange november = ReportRange.parse("2026-11-01", "2026-11-30", "Europe/Berlin", NOW);
        ReportRange before = november.previous();
        assertEquals(LocalDate.parse("2026-10-02"), before.fromDate());
        assertEquals(LocalDate.parse("2026-10-31"), before.toDate());
        assertEquals(Instant.parse("2026-10-01T22:00:00Z"), before.start(), "midnight in summer time");
        assertEquals(november.start(), before.end());
        ReportRange oneDay = ReportRange.parse("2026-03-01", "2026-03-01", null, NOW).previous();
        assertEquals("2026-02-28_2026-02-28", oneDay.label());
    }

    @Test
    void thePreviousRangeOfDateTimesIsAsManyMillisecondsBefore() {
        ReportRange r = ReportRange.parse("2026-11-01T10:00:00Z", "2026-11-01T16:00:00Z", "UTC", NOW);
        ReportRange before = r.previous();
        assertEquals(Instant.parse("2026-11-01T04:00:00Z"), before.start());
        assertEquals(r.start(), before.end());
        assertEquals(LocalDate.parse("2026-11-01"), before.toDate());
    }
}
