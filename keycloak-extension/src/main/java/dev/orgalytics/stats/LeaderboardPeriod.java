package dev.orgalytics.stats;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The periods a leaderboard is asked for, resolved to whole local days in the report's zone. */
public enum LeaderboardPeriod {
    THIS_WEEK, LAST_WEEK, THIS_MONTH, LAST_MONTH, CUSTOM;

    public static LeaderboardPeriod parse(String value) {
        if (value == null || value.isBlank()) {
            return THIS_WEEK;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("period", "'period' must be this_week, last_week, this_month, last_month or custom");
        }
    }

    /** The range of this period as of now; CUSTOM takes {@code from}/{@code to} as any report does. */
    public ReportRange range(String from, String to, String tz, Clock clock) {
        if (this == CUSTOM) {
            return ReportRange.parse(from, to, tz, clock);
        }
        ZoneId zone = ReportRange.zone(tz);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate firstOfMonth = today.withDayOfMonth(1);
        return switch (this) {
            case THIS_WEEK -> ReportRange.ofDays(monday, monday.plusDays(6), zone);
            case LAST_WEEK -> ReportRange.ofDays(monday.minusWeeks(1), monday.minusDays(1), zone);
            case THIS_MONTH -> ReportRange.ofDays(firstOfMonth, firstOfMonth.plusMonths(1).minusDays(1), zone);
            case LAST_MONTH -> ReportRange.ofDays(firstOfMonth.minusMonths(1), firstOfMonth.minusDays(1), zone);
            case CUSTOM -> throw new IllegalStateException();
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
