package dev.orgalytics.stats;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.orgalytics.store.ReportGeneration;

/**
 * The usage report: one bucket per day, ISO week or month of the range in its zone, empty ones
 * included, with active users, logins, failed logins, new users and actions (in total and per
 * action name). One GROUP BY per measure computes every bucket at once (see {@link PeriodKey}).
 */
public final class UsageReport {

    private UsageReport() {
    }

    public record Bucket(Interval.Period period, long activeUsers, long logins, long failedLogins, long newUsers,
                         long actions, Map<String, Long> actionsByType) {
    }

    public static final List<Column<Bucket>> COLUMNS = List.of(
            Column.time("start", b -> b.period().start()),
            Column.time("end", b -> b.period().end()),
            Column.integer("activeUsers", Bucket::activeUsers),
            Column.integer("logins", Bucket::logins),
            Column.integer("failedLogins", Bucket::failedLogins),
            Column.integer("newUsers", Bucket::newUsers),
            Column.integer("actions", Bucket::actions),
            Column.counts("actionsByType", Bucket::actionsByType));

    /**
     * The CSV's columns: {@link #COLUMNS} with {@code actionsByType} spread into one
     * {@code action:<name>} column per listed name, in the given order, and the rest of the actions
     * summed in {@code otherActions} when some name is not listed.
     */
    public static List<Column<Bucket>> csvColumns(List<String> listed, boolean others) {
        List<Column<Bucket>> out = new ArrayList<>();
        COLUMNS.stream().filter(c -> c.type() != Column.Type.COUNTS).forEach(out::add);
        for (String name : listed) {
            out.add(Column.integer("action:" + name, b -> b.actionsByType().getOrDefault(name, 0L)));
        }
        if (others) {
            out.add(Column.integer("otherActions", b -> b.actionsByType().entrySet().stream()
                    .filter(e -> !listed.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum()));
        }
        return out;
    }

    /** Each action name's count over all {@code buckets}. */
    public static Map<String, Long> actionTotals(List<Bucket> buckets) {
        Map<String, Long> totals = new HashMap<>();
        buckets.forEach(b -> b.actionsByType().forEach((n, c) -> totals.merge(n, c, Long::sum)));
        return totals;
    }

    /**
     * The buckets of {@code range}. Realm-wide reports take periods closed for {@code closedAfter}
     * from {@link PeriodCache}, keyed by the realm's current report generation, and compute only
     * the rest.
     */
    public static List<Bucket> run(Jdbc db, UserFilter users, ReportRange range, Interval interval, Instant now,
                                   Duration closedAfter) throws SQLException {
        List<Interval.Period> periods = interval.periods(range);
        boolean cacheable = users.wholeRealm() && !periods.isEmpty() && PeriodCache.closed(periods.get(0), now, closedAfter);
        long generation = cacheable ? ReportGeneration.read(db.connection(), users.realmId()) : 0;
        List<Bucket> out = new ArrayList<>(periods.size());
        while (cacheable && out.size() < periods.size() && PeriodCache.closed(periods.get(out.size()), now, closedAfter)) {
            Bucket cached = PeriodCache.get(PeriodCache.key(users.realmId(), generation, range, interval,
                    periods.get(out.size())), now);
            if (cached == null) {
                break;
            }
            out.add(cached);
        }
        if (out.size() < periods.size()) {
            Instant restStart = periods.get(out.size()).start();
            ReportRange rest = new ReportRange(restStart, range.end(), range.zone(),
                    LocalDate.ofInstant(restStart, range.zone()), range.toDate());
            for (Bucket b : compute(db, users, rest, interval)) {
                if (cacheable && PeriodCache.closed(b.period(), now, closedAfter)) {
                    PeriodCache.put(PeriodCache.key(users.realmId(), generation, range, interval, b.period()), b, now);
                }
                out.add(b);
            }
        }
        return out;
    }

    private static List<Bucket> compute(Jdbc db, UserFilter users, ReportRange range, Interval interval) throws SQLException {
        PeriodKey key = new PeriodKey(interval, range);
        List<Interval.Period> periods = key.periods();
        long[][] values = new long[periods.size()][5]; // active, logins, failed, new users, actions
        List<Map<String, Long>> byType = new ArrayList<>();
        for (int i = 0; i < periods.size(); i++) byType.add(new TreeMap<>());

        List<Long> bounds = new ArrayList<>();
        for (Interval.Period period : periods) {
            if (bounds.isEmpty()) bounds.add(period.start().toEpochMilli());
            bounds.add(period.end().toEpochMilli());
        }
        Sql k = key.sql("a.BUCKET_START");
        // Pieces that never straddle a period: each day or month row falls into one bucket of the report.
        Sql activity = Sql.of("SELECT ").plus(k).plus(" AS P, COUNT(DISTINCT CASE WHEN " + RollupRows.active("a") + " THEN a.USER_ID END),"
                + " SUM(a.LOGINS), SUM(a.FAILED_LOGINS), SUM(a.ACTIONS) FROM (")
                .plus(RollupRows.activityOf(RollupPlan.exact(bounds), users)).plus(") a GROUP BY ").plus(k);
        db.forEach(activity, rs -> {
            int i = key.indexOf(rs.getLong(1));
            if (i >= 0) {
                values[i][0] = rs.getLong(2);
                values[i][1] = rs.getLong(3);
                values[i][2] = rs.getLong(4);
                values[i][4] = rs.getLong(5);
            }
        });

        Sql kc = key.sql("c.BUCKET_START");
        Sql actions = Sql.of("SELECT ").plus(kc).plus(" AS P, c.ACTION, SUM(c.ACTION_COUNT) FROM (")
                .plus(RollupRows.actionCounts(RollupPlan.exact(bounds), users)).plus(") c GROUP BY ").plus(kc).plus(", c.ACTION");
        db.forEach(actions, rs -> {
            int i = key.indexOf(rs.getLong(1));
            if (i >= 0) byType.get(i).put(rs.getString(2), rs.getLong(3));
        });

        Sql ku = key.sql("u.CREATED_TIMESTAMP");
        Sql created = Sql.of("SELECT ").plus(ku).plus(" AS P, COUNT(*) FROM USER_ENTITY u WHERE ").plus(users.userCondition())
                .plus(Sql.of(" AND u.CREATED_TIMESTAMP >= ? AND u.CREATED_TIMESTAMP < ? GROUP BY ",
                        range.start().toEpochMilli(), range.end().toEpochMilli())).plus(ku);
        db.forEach(created, rs -> {
            int i = key.indexOf(rs.getLong(1));
            if (i >= 0) values[i][3] = rs.getLong(2);
        });

        List<Bucket> out = new ArrayList<>(periods.size());
        for (int i = 0; i < periods.size(); i++) {
            long[] v = values[i];
            out.add(new Bucket(periods.get(i), v[0], v[1], v[2], v[3], v[4], byType.get(i)));
        }
        return out;
    }
}
