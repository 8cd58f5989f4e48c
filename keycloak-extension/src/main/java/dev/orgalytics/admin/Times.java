package dev.orgalytics.admin;

import java.time.Instant;
import java.time.ZoneId;

/** Timestamps as ISO-8601 with the report zone's offset, e.g. {@code 2026-11-22T10:15:30.123+01:00}. */
final class Times {

    private Times() {
    }

    static String iso(Long epochMillis, ZoneId zone) {
        return epochMillis == null ? null : iso(Instant.ofEpochMilli(epochMillis), zone);
    }

    static String iso(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime().toString();
    }
}
