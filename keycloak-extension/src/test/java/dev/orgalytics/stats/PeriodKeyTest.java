package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs the generated key expression on a real SQL engine, so a malformed CASE fails here, not in a report. */
class PeriodKeyTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest(name = "{0} {1}..{2} {3}: {4} is period {5}")
    @CsvSource({
            // One month only: the expression has no boundaries to test.
            "MONTH, 2026-11-01, 2026-11-30, UTC,           2026-11-15T10:00:00Z, 0",
            "MONTH, 2026-10-01, 2026-11-30, UTC,           2026-11-01T00:00:00Z, 1",
            "MONTH, 2026-10-01, 2026-11-30, Europe/Berlin, 2026-10-31T23:30:00Z, 1",
            "MONTH, 2026-10-01, 2026-11-30, Europe/Berlin, 2026-10-31T22:30:00Z, 0",
            "DAY,   2026-11-20, 2026-11-20, UTC,           2026-11-20T23:59:00Z, 0",
            "DAY,   2026-10-24, 2026-10-26, Europe/Berlin, 2026-10-25T23:30:00Z, 2",
            "WEEK,  2026-11-01, 2026-11-10, UTC,           2026-11-09T00:00:00Z, 2",
            "WEEK,  2026-11-01, 2026-11-10, Asia/Kolkata,  2026-11-01T20:00:00Z, 1",
    })
    void keyExpressionSelectsThePeriod(Interval interval, String from, String to, String tz, Instant at, int expected)
            throws SQLException {
        PeriodKey key = new PeriodKey(interval, ReportRange.parse(from, to, tz, NOW));
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:periodkey");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT " + key.sql("T").text() + " FROM (VALUES (CAST(" + at.toEpochMilli() + " AS BIGINT))) AS V(T)")) {
            rs.next();
            assertEquals(expected, key.indexOf(rs.getLong(1)));
        }
    }

    /**
     * Reports GROUP BY the key. PostgreSQL reads an integer literal there as a column position, so the
     * key must always be an expression of the column, even when the range has a single period.
     */
    @Test
    void keyIsNeverABareLiteral() throws SQLException {
        for (Interval interval : Interval.values()) {
            for (String[] range : new String[][] {{"2026-11-01", "2026-11-01"}, {"2026-11-02", "2026-11-30"}, {"2026-10-01", "2026-11-30"}}) {
                String sql = new PeriodKey(interval, ReportRange.parse(range[0], range[1], "UTC", NOW)).sql("T").text();
                assertFalse(sql.trim().matches("-?[0-9]+"), interval + " " + range[0] + ": " + sql);
                try (Connection c = DriverManager.getConnection("jdbc:h2:mem:periodkey");
                     ResultSet rs = c.createStatement().executeQuery("SELECT " + sql + ", COUNT(*) FROM (VALUES (CAST("
                             + Instant.parse(range[0] + "T12:00:00Z").toEpochMilli() + " AS BIGINT))) AS V(T) GROUP BY " + sql)) {
                    rs.next();
                    assertEquals(1, rs.getLong(2));
                }
            }
        }
    }
}
