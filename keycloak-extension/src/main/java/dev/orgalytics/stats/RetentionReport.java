package dev.orgalytics.stats;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Retention cohorts (insights): the users whose first activity ever (a successful login or an
 * action) falls into a period (day, ISO week or month in the report's zone) of the range, and how
 * many of them were active again in each period after it, up to the range's end. Every period of
 * the range is a cohort, empty ones included, so the table has no holes; the first and last are
 * clipped to the range like the usage report's buckets.
 *
 * <p>"First activity ever" rather than "first in the range": a user active for a year is not new in
 * this range's first week. It is read from the roll-ups: the user was active in the range and in
 * none of the pieces before its start (whole months, then days and quarter hours up to the start),
 * so it reaches back as far as {@code rollup-retention-days} keeps them. With an organization, as
 * in the usage report, the activity is what was attributed to it when it happened: a cohort is the
 * users whose first activity in that organization falls into the period.
 */
public final class RetentionReport {

    private RetentionReport() {
    }

    /** One cohort: its period's start, its users, and of them how many were active {@code i} periods later. */
    public record Cohort(Instant start, long users, List<Long> retained) {

        /** The retained share per period: 1.0 first (the cohort's own period); 0 for an empty cohort. */
        public List<Double> rates() {
            return retained.stream().map(n -> users == 0 ? 0.0 : (double) n / users).toList();
        }
    }

    public static final List<Column<Cohort>> COLUMNS = List.of(
            Column.time("start", Cohort::start),
            Column.integer("users", Cohort::users),
            Column.integers("retained", Cohort::retained),
            Column.numbers("rates", Cohort::rates));

    /** One cell of the table, a CSV row: a cohort, a period after it ({@code period} 0 is its own) and its share. */
    public record Cell(Instant cohortStart, int period, Instant periodStart, long users, long retained, double rate) {
    }

    public static final List<Column<Cell>> CSV_COLUMNS = List.of(
            Column.time("cohortStart", Cell::cohortStart),
            Column.integer("period", Cell::period),
            Column.time("periodStart", Cell::periodStart),
            Column.integer("users", Cell::users),
            Column.integer("retained", Cell::retained),
            Column.number("rate", Cell::rate));

    /** The most periods a table may have: a year of days or weeks, two years of months. */
    static int maxPeriods(Interval interval) {
        return switch (interval) {
            case DAY -> 366;
            case WEEK -> 53;
            case MONTH -> 24;
        };
    }

    /** The periods of {@code range} by {@code interval}; a 400 beyond {@link #maxPeriods}. */
    public static List<Interval.Period> periods(ReportRange range, Interval interval) {
        List<Interval.Period> periods = interval.periods(range);
        int max = maxPeriods(interval);
        if (periods.size() > max) {
            throw new BadRequest("from", "A retention table by " + interval.name().toLowerCase(Locale.ROOT) + " spans at most "
                    + max + " periods; this range has " + periods.size());
        }
        return periods;
    }

    public static List<Cohort> run(Jdbc db, UserFilter users, ReportRange range, Interval interval) throws SQLException {
        periods(range, interval);
        PeriodKey key = new PeriodKey(interval, range);
        List<Interval.Period> periods = key.periods();
        List<Long> bounds = new ArrayList<>();
        bounds.add(range.start().toEpochMilli());
        periods.forEach(p -> bounds.add(p.end().toEpochMilli()));
        Sql k = key.sql("a.BUCKET_START");
        // The periods each user was active in (pieces never straddle a period), each user's first of
        // them beside every row, and only the users with no activity before the range.
        Sql active = Sql.of("SELECT ").plus(k).plus(" AS P, a.USER_ID FROM (")
                .plus(RollupRows.activityOf(RollupPlan.exact(bounds), users))
                .plus(") a WHERE " + RollupRows.active("a") + " GROUP BY ").plus(k).plus(", a.USER_ID");
        Sql sql = Sql.of("SELECT w.P0, w.P, COUNT(*) FROM (SELECT up.USER_ID, up.P, MIN(up.P) OVER (PARTITION BY up.USER_ID) AS P0"
                        + " FROM (").plus(active).plus(") up) w WHERE ").plus(users.notServiceAccount("w.USER_ID"))
                .plus(RollupRows.noActivityIn(RollupPlan.exact(0, range.start().toEpochMilli()), users, "w.USER_ID"))
                .plus(" GROUP BY w.P0, w.P");
        long[][] retained = new long[periods.size()][];
        for (int i = 0; i < periods.size(); i++) {
            retained[i] = new long[periods.size() - i];
        }
        db.forEach(sql, rs -> {
            int cohort = key.indexOf(rs.getLong(1));
            int period = key.indexOf(rs.getLong(2));
            if (cohort >= 0 && period >= cohort) {
                retained[cohort][period - cohort] = rs.getLong(3);
            }
        });
        List<Cohort> out = new ArrayList<>(periods.size());
        for (int i = 0; i < periods.size(); i++) {
            List<Long> row = new ArrayList<>(retained[i].length);
            for (long n : retained[i]) {
                row.add(n);
            }
            out.add(new Cohort(periods.get(i).start(), retained[i][0], row));
        }
        return out;
    }

    /** The table as CSV rows: each cohort's periods in order, cohorts in order. */
    public static List<Cell> cells(List<Cohort> cohorts) {
        List<Cell> out = new ArrayList<>();
        for (int c = 0; c < cohorts.size(); c++) {
            Cohort cohort = cohorts.get(c);
            List<Double> rates = cohort.rates();
            for (int i = 0; i < cohort.retained().size(); i++) {
                out.add(new Cell(cohort.start(), i, cohorts.get(c + i).start(), cohort.users(), cohort.retained().get(i), rates.get(i)));
            }
        }
        return out;
    }
}
