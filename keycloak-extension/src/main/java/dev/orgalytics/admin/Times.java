package dev.orgalytics.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Timestamps as ISO-8601 with the report zone's offset, e.g. {@code 2026-11-22T10:15:30.123+01:00}:
 * exactly {@code OffsetDateTime.toString()} (seconds left out when they and the milliseconds are zero).
 */
final class Times {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private Times() {
    }

    static String iso(Long epochMillis, ZoneId zone) {
        return epochMillis == null ? null : iso(epochMillis.longValue(), zone);
    }

    static String iso(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime().toString();
    }

    /**
     * The same text written digit by digit: an export writes one or two times per row, and going
     * through {@code ZonedDateTime} and its builders was a visible share of a 500,000-row export.
     * Years outside 0000–9999 (never stored) take the general path.
     */
    static String iso(long epochMillis, ZoneId zone) {
        ZoneOffset offset = zone instanceof ZoneOffset fixed ? fixed : zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis));
        long local = epochMillis + offset.getTotalSeconds() * 1000L;
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(local, MILLIS_PER_DAY));
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return iso(Instant.ofEpochMilli(epochMillis), zone);
        }
        int millisOfDay = (int) Math.floorMod(local, MILLIS_PER_DAY);
        int seconds = millisOfDay / 1000 % 60;
        int millis = millisOfDay % 1000;
        StringBuilder out = new StringBuilder(29);
        twoDigits(twoDigits(out, date.getYear() / 100), date.getYear() % 100).append('-');
        twoDigits(out, date.getMonthValue()).append('-');
        twoDigits(out, date.getDayOfMonth()).append('T');
        twoDigits(out, millisOfDay / 3_600_000).append(':');
        twoDigits(out, millisOfDay / 60_000 % 60);
        if (seconds > 0 || millis > 0) {
            twoDigits(out.append(':'), seconds);
            if (millis > 0) {
                twoDigits(out.append('.').append((char) ('0' + millis / 100)), millis % 100);
            }
        }
        return out.append(offset.getId()).toString();
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
