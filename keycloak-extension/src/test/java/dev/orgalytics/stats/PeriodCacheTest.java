package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;

import dev.orgalytics.OccurredAtWindow;

class PeriodCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static UsageReport.Bucket bucket(Interval.Period p, long actions) {
        return new UsageReport.Bucket(p, 1, 2, 3, 4, actions, Map.of("a", actions));
    }

    @Test
    void withTheDefaultSevenDaysPeriodsEndedMoreThanEightDaysAgoAreClosed() {
        Duration closedAfter = OccurredAtWindow.closedAfter(Duration.ofDays(7));
        ReportRange range = ReportRange.parse("2026-11-01", "2026-11-22", "UTC", Clock.fixed(NOW, ZoneOffset.UTC));
        var days = Interval.DAY.periods(range);
        assertTrue(PeriodCache.closed(days.get(12), NOW, closedAfter), "Nov 13 ended Nov 14 00:00, 8.5 days ago");
        assertFalse(PeriodCache.closed(days.get(13), NOW, closedAfter), "Nov 14 ended 7.5 days ago: late actions may still arrive");
    }

    @Test
    void closedFollowsTheConfiguredMaximumActionAge() {
        Duration closedAfter = OccurredAtWindow.closedAfter(Duration.ofDays(40));
        ReportRange range = ReportRange.parse("2026-10-01", "2026-11-22", "UTC", Clock.fixed(NOW, ZoneOffset.UTC));
        var days = Interval.DAY.periods(range);
        // Nov 12 ended 9.5 days ago: closed under the default, but a 10-day-old action is still accepted here.
        assertFalse(PeriodCache.closed(days.get(42), NOW, closedAfter));
        assertTrue(PeriodCache.closed(days.get(10), NOW, closedAfter), "Oct 11 ended 41.5 days ago");
        assertFalse(PeriodCache.closed(days.get(11), NOW, closedAfter), "Oct 12 ended 40.5 days ago, within the margin");
    }

    /**
     * The path the reports take (the admin provider reads the action endpoint's option): with
     * {@code max-age-days=30} an action 10 days old is still accepted, so a period that ended 10
     * days ago must not be cached; under the default 7 days it is closed.
     */
    @Test
    void closedComesFromTheConfiguredMaxAgeDays() {
        String option = "keycloak.realm-restapi-extension.org-analytics." + OccurredAtWindow.MAX_AGE_OPTION;
        ReportRange range = ReportRange.parse("2026-11-01", "2026-11-22", "UTC", Clock.fixed(NOW, ZoneOffset.UTC));
        Interval.Period endedTenDaysAgo = Interval.DAY.periods(range).get(10);
        assertEquals(Instant.parse("2026-11-12T00:00:00Z"), endedTenDaysAgo.end());
        // Keycloak's own provider over system properties; Config cannot be reset, and this one
        // answers every other option with its default.
        Config.init(new Config.SystemPropertiesConfigProvider());
        try {
            System.setProperty(option, "30");
            assertEquals(Duration.ofDays(31), OccurredAtWindow.configuredClosedAfter());
            assertFalse(PeriodCache.closed(endedTenDaysAgo, NOW, OccurredAtWindow.configuredClosedAfter()));
            System.clearProperty(option);
            assertTrue(PeriodCache.closed(endedTenDaysAgo, NOW, OccurredAtWindow.configuredClosedAfter()));
        } finally {
            System.clearProperty(option);
        }
    }

    @Test
    void aNewReportGenerationMissesTheOldEntries() {
        ReportRange range = ReportRange.parse("2026-10-01", "2026-10-31", "Europe/Berlin", Clock.fixed(NOW, ZoneOffset.UTC));
        Interval.Period october = Interval.MONTH.periods(range).get(0);
        PeriodCache.put(PeriodCache.key("realm-cache-test", 3, range, Interval.MONTH, october), bucket(october, 7), NOW);
        assertEquals(7, PeriodCache.get(PeriodCache.key("realm-cache-test", 3, range, Interval.MONTH, october), NOW).actions());
        assertNull(PeriodCache.get(PeriodCache.key("other-realm", 3, range, Interval.MONTH, october), NOW));
        assertNull(PeriodCache.get(PeriodCache.key("realm-cache-test", 4, range, Interval.MONTH, october), NOW),
                "a user was deleted (through any node): generation 4");
    }

    @Test
    void entriesExpire() {
        ReportRange range = ReportRange.parse("2026-09-01", "2026-09-30", "UTC", Clock.fixed(NOW, ZoneOffset.UTC));
        Interval.Period september = Interval.MONTH.periods(range).get(0);
        PeriodCache.Key key = PeriodCache.key("realm-ttl-test", 0, range, Interval.MONTH, september);
        PeriodCache.put(key, bucket(september, 1), NOW);
        assertEquals(1, PeriodCache.get(key, NOW.plus(PeriodCache.TTL)).actions());
        assertNull(PeriodCache.get(key, NOW.plus(PeriodCache.TTL).plusSeconds(1)));
    }
}
