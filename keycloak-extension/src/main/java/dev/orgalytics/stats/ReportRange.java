package dev.orgalytics.stats;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The time range of a report: {@code [start, end)} as instants, and the zone in which its days,
 * weeks and months are cut. {@code from} and {@code to} are ISO dates (inclusive whole days in the
 * zone) or ISO date-times with offset; the default is the last 30 days, today included.
 */
public record ReportRange(Instant start, Instant end, ZoneId zone, LocalDate fromDate, LocalDate toDate) {

    /** Longest range a report may span, in calendar years: longer ranges are refused rather than slow. */
    public static final int MAX_YEARS = 3;
    /**
     * The years a report may name. Timestamps are stored as milliseconds since 1970 in a 64-bit
     * integer and cut into days, weeks and months by {@code java.time}; dates in these years keep
     * every step of that exact, while one such as {@code +999999998-01-01} would overflow it.
     */
    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 9999;
    static final int DEFAULT_DAYS = 30;

    public static ReportRange parse(String from, String to, String tz, Clock clock) {
        ZoneId zone = zone(tz);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Instant end = to == null || to.isBlank() ? today.plusDays(1).atStartOfDay(zone).toInstant() : bound("to", to, zone, true);
        Instant start;
        if (from == null || from.isBlank()) {
            LocalDate endDay = LocalDate.ofInstant(end.minusMillis(1), zone);
            start = endDay.minusDays(DEFAULT_DAYS - 1L).atStartOfDay(zone).toInstant();
        } else {
            start = bound("from", from, zone, false);
        }
        if (!start.isBefore(end)) {
            throw new BadRequest("from", "'from' must be before 'to'");
        }
        // Three calendar years in the report's zone: 2024-02-29 may reach 2027-02-28, inclusive.
        if (end.isAfter(start.atZone(zone).plusYears(MAX_YEARS).toInstant())) {
            throw new BadRequest("from", "A report spans at most " + MAX_YEARS + " calendar years, e.g. from 2023-01-01 to 2025-12-31");
        }
        return new ReportRange(start, end, zone, LocalDate.ofInstant(start, zone), LocalDate.ofInstant(end.minusMillis(1), zone));
    }

    /** Whole local days {@code from} to {@code toInclusive} in {@code zone}. */
    public static ReportRange ofDays(LocalDate from, LocalDate toInclusive, ZoneId zone) {
        return new ReportRange(from.atStartOfDay(zone).toInstant(), toInclusive.plusDays(1).atStartOfDay(zone).toInstant(),
                zone, from, toInclusive);
    }

    /** {@code [start, end)} as it is, its days and time stamps in the zone {@code tz} names (a 400 for an unknown one). */
    public static ReportRange between(Instant start, Instant end, String tz) {
        ZoneId zone = zone(tz);
        return new ReportRange(start, end, zone, LocalDate.ofInstant(start, zone), LocalDate.ofInstant(end.minusMillis(1), zone));
    }

    /**
     * The range of equal length just before this one, ending where it starts: as many whole days
     * of the zone when this one is whole days (November 1-30 follows October 2-31, a change of
     * summer time between them or not), else as many milliseconds.
     */
    public ReportRange previous() {
        if (start.equals(fromDate.atStartOfDay(zone).toInstant()) && end.equals(toDate.plusDays(1).atStartOfDay(zone).toInstant())) {
            long days = ChronoUnit.DAYS.between(fromDate, toDate) + 1;
            return ofDays(fromDate.minusDays(days), fromDate.minusDays(1), zone);
        }
        return between(start.minus(Duration.between(start, end)), start, zone.getId());
    }

    /** The range as {@code 2026-11-01_2026-11-30}, for file names. */
    public String label() {
        return fromDate + "_" + toDate;
    }

    static ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new BadRequest("tz", "Unknown time zone '" + Printable.of(tz) + "': use an IANA zone such as Europe/Berlin");
        }
    }

    /** A date means the start of that day ({@code from}) or the start of the next day ({@code to}: inclusive). */
    private static Instant bound(String name, String value, ZoneId zone, boolean inclusiveEnd) {
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                checkYear(name, date.getYear());
                return (inclusiveEnd ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            OffsetDateTime t = OffsetDateTime.parse(value);
            checkYear(name, t.getYear());
            return t.toInstant();
        } catch (DateTimeException e) {
            throw new BadRequest(name, "'" + name + "' must be a date (YYYY-MM-DD) or a date-time with offset, not '"
                    + Printable.of(value) + "'");
        }
    }

    private static void checkYear(String name, int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new BadRequest(name, "'" + name + "' must lie in the years " + FIRST_YEAR + " to " + LAST_YEAR);
        }
    }
}
