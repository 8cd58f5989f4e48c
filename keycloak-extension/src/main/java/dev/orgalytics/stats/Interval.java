package dev.orgalytics.stats;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Day, ISO week (Monday first) or month, cut in a zone. */
public enum Interval {
    DAY, WEEK, MONTH;

    /** One period of a report: {@code [start, end)}. */
    public record Period(Instant start, Instant end) {
    }

    public static Interval parse(String value) {
        if (value == null || value.isBlank()) {
            return DAY;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("interval", "'interval' must be day, week or month");
        }
    }

    /**
     * Every period that overlaps the range, first and last clipped to it, empty ones included, so a
     * chart has no holes.
     */
    public List<Period> periods(ReportRange range) {
        ZoneId zone = range.zone();
        List<Period> out = new ArrayList<>();
        LocalDate day = floor(LocalDate.ofInstant(range.start(), zone));
        while (true) {
            Instant start = day.atStartOfDay(zone).toInstant();
            if (!start.isBefore(range.end())) {
                break;
            }
            LocalDate next = next(day);
            Instant end = next.atStartOfDay(zone).toInstant();
            out.add(new Period(start.isBefore(range.start()) ? range.start() : start,
                    end.isAfter(range.end()) ? range.end() : end));
            day = next;
        }
        return out;
    }

    LocalDate floor(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    private LocalDate next(LocalDate day) {
        return switch (this) {
            case DAY -> day.plusDays(1);
            case WEEK -> day.plusWeeks(1);
            case MONTH -> day.plusMonths(1);
        };
    }
}
