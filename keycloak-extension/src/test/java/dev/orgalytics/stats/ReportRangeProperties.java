package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Report parameters over generated input: a range or a {@link BadRequest}, never another exception. */
class ReportRangeProperties {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T23:30:00Z"), ZoneOffset.UTC);

    @Provide
    Arbitrary<String> dateLike() {
        Arbitrary<String> years = Arbitraries.oneOf(Arbitraries.integers().between(-999_999_999, 999_999_999).map(String::valueOf),
                Arbitraries.integers().between(1960, 10_010).map(String::valueOf));
        Arbitrary<String> dates = net.jqwik.api.Combinators.combine(years, Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32)).as((y, m, d) -> (y.startsWith("-") || y.length() <= 4 ? y : "+" + y)
                + String.format("-%02d-%02d", m, d));
        Arbitrary<String> dateTimes = net.jqwik.api.Combinators.combine(dates, Arbitraries.of("T00:00:00Z", "T23:59:59.999+18:00",
                "T12:00:00-18:00", "T25:00:00Z", "T10:00:00")).as(String::concat);
        return Arbitraries.oneOf(dates, dateTimes, Arbitraries.strings().ofMaxLength(30), Arbitraries.just(""));
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.oneOf(Arbitraries.of(ZoneId.getAvailableZoneIds().toArray(String[]::new)),
                Arbitraries.of("+14:00", "-12:00", "UTC+99", "Mars/Olympus", ""), Arbitraries.strings().ofMaxLength(20));
    }

    @Property(tries = 3000)
    void anyParametersGiveARangeOrABadRequest(@ForAll("dateLike") String from, @ForAll("dateLike") String to,
                                              @ForAll("zones") String tz) {
        try {
            ReportRange r = ReportRange.parse(from, to, tz, NOW);
            assertTrue(r.start().isBefore(r.end()));
            assertTrue(r.fromDate().getYear() >= 1969 && r.toDate().getYear() <= 10_000, r.toString());
            r.start().toEpochMilli();
            r.end().toEpochMilli();
        } catch (BadRequest expected) {
            assertTrue(expected.getMessage().length() > 5);
        }
    }

    /** Whole-day ranges: accepted exactly when they span at most three calendar years. */
    @Property(tries = 2000)
    void wholeDayRangesUpToThreeCalendarYearsPass(@ForAll @IntRange(min = 1970, max = 9990) int year,
                                                  @ForAll @IntRange(min = 1, max = 366) int dayOfYear,
                                                  @ForAll @IntRange(min = 0, max = 1200) int days,
                                                  @ForAll("zones") String tz) {
        LocalDate from = LocalDate.ofYearDay(year, Math.min(dayOfYear, LocalDate.of(year, 1, 1).lengthOfYear()));
        LocalDate to = from.plusDays(days);
        boolean fits = !to.plusDays(1).isAfter(from.plusYears(3));
        ZoneId zone;
        try {
            zone = ReportRange.zone(tz);
        } catch (BadRequest e) {
            return;
        }
        try {
            ReportRange r = ReportRange.parse(from.toString(), to.toString(), tz, NOW);
            assertTrue(fits, from + ".." + to);
            assertEquals(zone, r.zone());
        } catch (BadRequest e) {
            assertTrue(!fits, from + ".." + to + ": " + e.getMessage());
        }
    }
}
