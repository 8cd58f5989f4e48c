package dev.orgalytics.stats;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.orgalytics.store.Grain;

/**
 * The users of a whole realm with the largest sums of logins or actions over a range, found without
 * summing every user: a user's sum over any part of a month is at most their month row (counts are
 * never negative, and a month row outlives its days under retention), and the month rows are
 * indexed by value ({@code IDX_OA_ACTIVITY_MONTH_ACTIONS}, {@code _LOGINS}). So the months the range
 * touches are read largest first, a page of rows at a time, and only the users seen are summed
 * exactly. A user not seen yet has at most the sum of each month's last value read (the bound); once
 * the needed-th largest exact sum is above it, no unseen user can reach the page or tie with it
 * (Fagin's threshold algorithm). On a flat distribution the bound falls slowly: rather than sum
 * more than {@link #MAX_CANDIDATES} users (or start a deep page or a long range that would) it
 * gives up, and the caller sums the realm.
 */
final class LargestUserSums {

    /** Users summed before giving up: a few chunks of look-ups, far cheaper than a whole realm's GROUP BY. */
    static final int MAX_CANDIDATES = 4_000;

    private LargestUserSums() {
    }

    /**
     * The users whose sum of {@code column} ({@code LOGINS} or {@code ACTIONS}) over {@code range} is
     * positive and at least the {@code needed}-th largest, ties at that value included, largest first,
     * each with {value, logins, failed logins, actions}; null when it cannot tell cheaply (fewer than
     * {@code needed} users with a positive sum, or too many candidates).
     */
    static Map<String, long[]> find(Jdbc db, UserFilter realm, ReportRange range, String column, int needed)
            throws SQLException {
        return search(db, realm, range, column, needed).found();
    }

    /** What a search found (null: undecided) and how many users it summed to decide (0 when it gave up). */
    record Search(Map<String, long[]> found, int summed) {
    }

    static Search search(Jdbc db, UserFilter realm, ReportRange range, String column, int needed) throws SQLException {
        List<Long> months = monthsOf(RollupPlan.forSums(range.start().toEpochMilli(), range.end().toEpochMilli()));
        Map<String, long[]> sums = new HashMap<>();
        if ((long) (needed + 100) * months.size() > MAX_CANDIDATES) {
            // A deep page or a long range: its first round alone would read more than the limit.
            return new Search(null, 0);
        }
        for (int depth = needed + 100; ; depth *= 2) {
            // Each round reads every month from its top again rather than the next page: equal values
            // come in no fixed order, and an OFFSET could then skip a user. Read this way, every user
            // not seen in a month has at most the last value read there.
            long bound = 0;
            boolean exhausted = true;
            List<String> fresh = new ArrayList<>();
            for (long month : months) {
                List<Map.Entry<String, Long>> rows = db.list(Sql.of("SELECT USER_ID, " + column + " FROM "
                                + Grain.MONTH.activityTable() + " WHERE REALM_ID = ? AND BUCKET_START = ? AND " + column + " > 0 AND ",
                                realm.realmId(), month).plus(realm.notServiceAccount("USER_ID"))
                        .plus(" ORDER BY " + column + " DESC").page(0, depth), rs -> Map.entry(rs.getString(1), rs.getLong(2)));
                if (rows.size() == depth) {
                    // Users not read may have a row in this month: at most its last value.
                    bound += rows.get(depth - 1).getValue();
                    exhausted = false;
                }
                for (Map.Entry<String, Long> r : rows) {
                    if (!sums.containsKey(r.getKey())) {
                        sums.put(r.getKey(), new long[3]);
                        fresh.add(r.getKey());
                    }
                }
            }
            if (sums.size() > MAX_CANDIDATES) {
                return new Search(null, 0);
            }
            UsersReport.sumsById(db, realm.realmId(), range, fresh, sums);
            Map<String, long[]> found = ifDecided(sums, column, needed, bound);
            if (found != null || exhausted) {
                return new Search(found, sums.size());
            }
        }
    }

    /**
     * The candidates at or above the {@code needed}-th largest value, largest first, when that value
     * is above {@code bound} (so no unseen user reaches it), each as {value, logins, failed logins,
     * actions}; else null. {@code sums} holds {logins, failed logins, actions} per candidate (zeros
     * for one without activity in the range).
     */
    static Map<String, long[]> ifDecided(Map<String, long[]> sums, String column, int needed, long bound) {
        int at = "ACTIONS".equals(column) ? 2 : 0;
        List<Map.Entry<String, long[]>> positive = new ArrayList<>();
        sums.forEach((id, v) -> {
            if (v[at] > 0) {
                positive.add(Map.entry(id, v));
            }
        });
        if (positive.size() < needed) {
            return null;
        }
        positive.sort((a, b) -> Long.compare(b.getValue()[at], a.getValue()[at]));
        long boundary = positive.get(needed - 1).getValue()[at];
        if (boundary <= bound) {
            return null;
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : positive) {
            if (e.getValue()[at] < boundary) {
                break;
            }
            long[] v = e.getValue();
            out.put(e.getKey(), new long[] {v[at], v[0], v[1], v[2]});
        }
        return out;
    }

    /** The UTC months the plan's added pieces touch: each piece's sum is at most those months' rows. */
    static List<Long> monthsOf(List<RollupPlan.Piece> plan) {
        TreeSet<Long> months = new TreeSet<>();
        for (RollupPlan.Piece p : plan) {
            if (p.sign() > 0) {
                for (long m = Grain.MONTH.bucketStart(p.from()); m < p.to(); m = Grain.MONTH.nextBucket(m)) {
                    months.add(m);
                }
            }
        }
        return new ArrayList<>(months);
    }

}
