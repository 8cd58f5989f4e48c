package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The pure rules of the funnel and retention insights: their limits, and the retention table as CSV rows. */
class FunnelRetentionRulesTest {

    @Test
    void aFunnelHasTwoToTenDistinctSteps() {
        assertEquals(List.of("a", "b"), FunnelReport.requireSteps(List.of("a", "b")));
        List<String> ten = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        assertEquals(ten, FunnelReport.requireSteps(ten));
        assertEquals("'steps' must name 2 to 10 actions, comma-separated",
                assertThrows(BadRequest.class, () -> FunnelReport.requireSteps(List.of("a"))).getMessage());
        assertThrows(BadRequest.class, () -> FunnelReport.requireSteps(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")));
        assertEquals("'steps' must name each action once",
                assertThrows(BadRequest.class, () -> FunnelReport.requireSteps(List.of("a", "b", "a"))).getMessage());
    }

    @Test
    void usersStopAtAStepOtherThanTheLast() {
        List<String> steps = List.of("job_posted", "profile_viewed", "interview_scheduled");
        assertEquals(0, FunnelReport.stoppedIndex(steps, "job_posted"));
        assertEquals(1, FunnelReport.stoppedIndex(steps, "profile_viewed"));
        assertThrows(BadRequest.class, () -> FunnelReport.stoppedIndex(steps, "interview_scheduled"));
        assertThrows(BadRequest.class, () -> FunnelReport.stoppedIndex(steps, "resume_downloaded"));
    }

    @Test
    void aRetentionTableHasAtMost366Days53WeeksOr24Months() {
        ZoneId utc = ZoneId.of("UTC");
        assertEquals(366, RetentionReport.periods(ReportRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), utc),
                Interval.DAY).size());
        assertThrows(BadRequest.class, () -> RetentionReport.periods(ReportRange.ofDays(LocalDate.of(2025, 1, 1),
                LocalDate.of(2026, 1, 2), utc), Interval.DAY));
        // 2026-01-01 is a Thursday: to Sunday 2027-01-03 is 53 weeks, one more day starts a 54th.
        assertEquals(53, RetentionReport.periods(ReportRange.ofDays(LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 3), utc),
                Interval.WEEK).size());
        assertThrows(BadRequest.class, () -> RetentionReport.periods(ReportRange.ofDays(LocalDate.of(2026, 1, 1),
                LocalDate.of(2027, 1, 4), utc), Interval.WEEK));
        assertEquals(24, RetentionReport.periods(ReportRange.ofDays(LocalDate.of(2025, 1, 15), LocalDate.of(2026, 12, 31), utc),
                Interval.MONTH).size());
        assertEquals("A retention table by month spans at most 24 periods; this range has 25",
                assertThrows(BadRequest.class, () -> RetentionReport.periods(ReportRange.ofDays(LocalDate.of(2025, 1, 1),
                        LocalDate.of(2027, 1, 1), utc), Interval.MONTH)).getMessage());
    }

    @Test
    void theTableAsCsvRowsOnePerCohortAndPeriod() {
        Instant oct = Instant.parse("2026-10-01T00:00:00Z");
        Instant nov = Instant.parse("2026-11-01T00:00:00Z");
        List<RetentionReport.Cohort> cohorts = List.of(new RetentionReport.Cohort(oct, 4, List.of(4L, 1L)),
                new RetentionReport.Cohort(nov, 0, List.of(0L)));
        assertEquals(List.of(new RetentionReport.Cell(oct, 0, oct, 4, 4, 1.0), new RetentionReport.Cell(oct, 1, nov, 4, 1, 0.25),
                new RetentionReport.Cell(nov, 0, nov, 0, 0, 0.0)), RetentionReport.cells(cohorts));
    }
}
