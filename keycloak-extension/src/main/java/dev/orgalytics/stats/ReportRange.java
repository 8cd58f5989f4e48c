package dev.orgalytics.stats;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The time range of a report: {@code [start, end)} as instants, and the zone in which its days,
 * weeks and months are cut. {@code from} and {@code to} are ISO dates (inclusive whole days in the
 * zone) or ISO date-times with offset; the default is the last 30 days, today included.
 */
public record ReportRange(Instant start, Instant end, ZoneId zone, LocalDate fromDate, LocalDate toDate) {

    /** Longest range a report may span: ranges longer than this are refused rather than slow. */
    public static final Duration MAX_SPAN = Duration.ofDays(3 * 366);
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
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw new BadRequest("from", "A report spans at most 3 years");
        }
        return new ReportRange(start, end, zone, LocalDate.ofInstant(start, zone), LocalDate.ofInstant(end.minusMillis(1), zone));
    }

    /** Whole local days {@code from} to {@code toInclusive} in {@code zone}. */
    public static ReportRange ofDays(LocalDate from, LocalDate toInclusive, ZoneId zone) {
        return new ReportRange(from.atStartOfDay(zone).toInstant(), toInclusive.plusDays(1).atStartOfDay(zone).toInstant(),
                zone, from, toInclusive);
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
            throw new BadRequest("tz", "Unknown time zone '" + tz + "': use an IANA zone such as Europe/Berlin");
        }
    }

    /** A date means the start of that day ({@code from}) or the start of the next day ({@code to}: inclusive). */
    private static Instant bound(String name, String value, ZoneId zone, boolean inclusiveEnd) {
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (inclusiveEnd ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest(name, "'" + name + "' must be a date (YYYY-MM-DD) or a date-time with offset, not '" + value + "'");
        }
    }
}
