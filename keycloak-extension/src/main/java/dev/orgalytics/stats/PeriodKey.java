package dev.orgalytics.stats;

import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.orgalytics.store.TimeBuckets;

/**
 * An SQL expression that maps an epoch-millisecond column to the period (day, ISO week or month
 * in the report's zone) it falls in, so that one {@code GROUP BY} computes a whole usage report,
 * distinct users per period included. Days and weeks are plain arithmetic on local time; the UTC
 * offset is piecewise constant between the zone's transitions inside the range, which a short CASE
 * selects. Months have no arithmetic, so they get one CASE branch per month boundary.
 */
final class PeriodKey {

    private final Interval interval;
    private final List<Interval.Period> periods;
    private final List<Long> segmentStarts = new ArrayList<>();
    private final List<Long> segmentOffsets = new ArrayList<>();
    /** Day and week keys (local epoch day, local epoch week) to the index of their period. */
    private final Map<Long, Integer> indexByKey = new HashMap<>();

    PeriodKey(Interval interval, ReportRange range) {
        this.interval = interval;
        this.periods = interval.periods(range);
        ZoneRules rules = range.zone().getRules();
        Instant at = range.start();
        segmentStarts.add(at.toEpochMilli());
        segmentOffsets.add(rules.getOffset(at).getTotalSeconds() * 1000L);
        ZoneOffsetTransition t;
        while ((t = rules.nextTransition(at)) != null && t.getInstant().isBefore(range.end())) {
            segmentStarts.add(t.getInstant().toEpochMilli());
            segmentOffsets.add(t.getOffsetAfter().getTotalSeconds() * 1000L);
            at = t.getInstant();
        }
        for (int i = 0; i < periods.size(); i++) {
            LocalDate first = interval.floor(LocalDate.ofInstant(periods.get(i).start(), range.zone()));
            indexByKey.put(interval == Interval.WEEK ? Math.floorDiv(first.toEpochDay() + 3, 7) : first.toEpochDay(), i);
        }
    }

    List<Interval.Period> periods() {
        return periods;
    }

    /**
     * The key expression for {@code column}; {@link #indexOf} turns its values back into periods.
     * Its bounds and offsets are written into the text, not bound as parameters: a query selects
     * and groups by the same expression, and PostgreSQL matches a GROUP BY expression to the select
     * list by its text, where two sets of parameter marks would never match.
     */
    Sql sql(String column) {
        return Sql.of(expression(column));
    }

    private String expression(String column) {
        if (interval == Interval.MONTH) {
            if (periods.size() == 1) {
                // A CASE needs at least one WHEN; and not a bare "0": in GROUP BY, PostgreSQL reads an
                // integer literal as a column position ("GROUP BY position 0 is not in select list").
                return "CASE WHEN " + column + " IS NULL THEN 0 ELSE 0 END";
            }
            StringBuilder sb = new StringBuilder("CASE");
            for (int i = periods.size() - 1; i > 0; i--) {
                sb.append(" WHEN ").append(column).append(" >= ").append(periods.get(i).start().toEpochMilli())
                        .append(" THEN ").append(i);
            }
            return sb.append(" ELSE 0 END").toString();
        }
        String localDay = "FLOOR((" + column + " + " + offsetSql(column) + ") / " + TimeBuckets.DAY_MILLIS + ")";
        // Epoch day 0 (1970-01-01) is a Thursday: +3 makes weeks start on Monday.
        return interval == Interval.DAY ? localDay : "FLOOR((" + localDay + " + 3) / 7)";
    }

    /** The index in {@link #periods()} of a key value computed by {@link #sql}, or -1 outside the range. */
    int indexOf(long key) {
        if (interval == Interval.MONTH) {
            return key >= 0 && key < periods.size() ? (int) key : -1;
        }
        return indexByKey.getOrDefault(key, -1);
    }

    private String offsetSql(String column) {
        if (segmentOffsets.size() == 1) {
            return String.valueOf(segmentOffsets.get(0));
        }
        StringBuilder sb = new StringBuilder("CASE");
        for (int i = segmentStarts.size() - 1; i > 0; i--) {
            sb.append(" WHEN ").append(column).append(" >= ").append(segmentStarts.get(i))
                    .append(" THEN ").append(segmentOffsets.get(i));
        }
        return sb.append(" ELSE ").append(segmentOffsets.get(0)).append(" END").toString();
    }
}
