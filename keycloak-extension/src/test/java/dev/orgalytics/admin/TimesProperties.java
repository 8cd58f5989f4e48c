package dev.orgalytics.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.api.Test;

/** The digit-by-digit time text is exactly the JDK's {@code OffsetDateTime.toString()}, in every zone. */
class TimesProperties {

    /** 0000-01-01T00:00Z to beyond 9999, where the general path takes over. */
    private static final long FIRST = -62_167_219_200_000L;
    private static final long LAST = 253_402_300_800_000L + 86_400_000L * 400;

    @Provide
    Arbitrary<Long> millis() {
        Arbitrary<Long> any = Arbitraries.longs().between(FIRST - 86_400_000L * 400, LAST);
        // Whole minutes and whole seconds drop the seconds and the fraction: the cases a plain formatter gets wrong.
        Arbitrary<Long> round = Arbitraries.longs().between(0, 4_102_444_800L).flatMap(s -> Arbitraries.of(s * 1000, s / 60 * 60_000));
        Arbitrary<Long> edges = Arbitraries.of(0L, -1L, FIRST, FIRST - 1, 253_402_300_799_999L, 253_402_300_800_000L,
                951_782_400_000L, 1_774_746_000_000L);
        return Arbitraries.oneOf(any, round, edges);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.oneOf(Arbitraries.of(ZoneId.getAvailableZoneIds().toArray(String[]::new)).map(ZoneId::of),
                Arbitraries.of(ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHoursMinutesSeconds(-3, -30, -15),
                        ZoneOffset.MAX, ZoneOffset.MIN));
    }

    @Property(tries = 20_000)
    void writesWhatOffsetDateTimeWrites(@ForAll("millis") long millis, @ForAll("zones") ZoneId zone) {
        assertEquals(Instant.ofEpochMilli(millis).atZone(zone).toOffsetDateTime().toString(), Times.iso(millis, zone));
    }

    @Test
    void examples() {
        assertEquals("2026-11-22T10:15:30.123+01:00", Times.iso(Instant.parse("2026-11-22T09:15:30.123Z").toEpochMilli(),
                ZoneId.of("Europe/Berlin")));
        assertEquals("2026-11-22T09:15Z", Times.iso(Instant.parse("2026-11-22T09:15:00Z").toEpochMilli(), ZoneOffset.UTC));
        assertEquals("2026-11-22T09:15:00.001Z", Times.iso(Instant.parse("2026-11-22T09:15:00.001Z").toEpochMilli(), ZoneOffset.UTC));
        assertEquals("1969-12-31T23:59:59.999Z", Times.iso(-1L, ZoneOffset.UTC));
        assertEquals(null, Times.iso((Long) null, ZoneOffset.UTC));
    }
}
