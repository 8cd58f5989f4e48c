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
}
