package dev.orgalytics.exporter.snapshot;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * The "so far" periods of the period gauges, cut in the exporter's zone: today, this ISO week
 * (Monday first) and this month, each from its first day through today, as the admin API's
 * inclusive {@code from}/{@code to} dates.
 */
public final class Periods {

    public static final String TODAY = "today";
    public static final String THIS_WEEK = "this_week";
    public static final String THIS_MONTH = "this_month";
    public static final List<String> SO_FAR = List.of(TODAY, THIS_WEEK, THIS_MONTH);
    /** The leaderboard periods the admin API knows by name. */
    public static final List<String> LEADERBOARD = List.of("this_week", "this_month", "last_month");
    /**
     * The 30 days ending today: the realm's {@code 30d} active users (the admin API's {@code mau}) and
     * the window of the organization gauges, so an organization's active members compare with its realm's.
     */
    public static final String THIRTY_DAYS = "30d";
    private static final int THIRTY_DAYS_LENGTH = 30;

    /** A period as the admin API's inclusive date range. */
    public record Range(String period, LocalDate from, LocalDate to) {
    }

    private Periods() {
    }

    public static List<Range> soFar(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return List.of(
                new Range(TODAY, today, today),
                new Range(THIS_WEEK, today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), today),
                new Range(THIS_MONTH, today.withDayOfMonth(1), today));
    }

    /** {@link #THIRTY_DAYS} as an inclusive date range: today and the 29 days before it. */
    public static Range thirtyDays(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return new Range(THIRTY_DAYS, today.minusDays(THIRTY_DAYS_LENGTH - 1L), today);
    }
}
