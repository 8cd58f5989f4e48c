package dev.orgalytics.stats;

import java.util.ArrayList;
import java.util.List;

import dev.orgalytics.store.Grain;
import dev.orgalytics.store.TimeBuckets;

/**
 * How a time range is read from the per-user roll-ups: as pieces of quarter hours, UTC days and UTC
 * months whose buckets together are exactly the range's quarter hours. Whole months inside the
 * range come from the month rows, whole days from the day rows, and only the ragged edges (a zone's
 * midnight that is not UTC's, a range given to the minute) from the quarter hours.
 *
 * <p>For sums, a month mostly covered may be read as the whole month minus the part outside the
 * range ({@link #forSums}): "the last 30 days" then reads one month row per user instead of 28 day
 * rows. Distinct counts cannot subtract, so they use {@link #exact}.
 */
public final class RollupPlan {

    /** Buckets of {@code grain} starting in {@code [from, to)}, added ({@code sign} 1) or subtracted (-1). */
    public record Piece(Grain grain, long from, long to, int sign) {
    }

    private RollupPlan() {
    }

    /** Pieces that only add, covering the bucket starts in {@code [start, end)}. */
    public static List<Piece> exact(long start, long end) {
        List<Piece> out = new ArrayList<>();
        appendExact(out, start, end, 1);
        return out;
    }

    /**
     * Exact pieces of each of {@code bounds}' consecutive ranges, merged: no piece straddles a
     * bound, so every row read falls into one of the ranges (one period of a report).
     */
    public static List<Piece> exact(List<Long> bounds) {
        List<Piece> out = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            appendExact(out, bounds.get(i), bounds.get(i + 1), 1);
        }
        return out;
    }

    /**
     * Pieces whose signed sum equals the sum over {@code [start, end)}, reading as few rows as
     * possible: a month covered for more than half is read whole, less the exact pieces of the
     * part outside the range.
     */
    public static List<Piece> forSums(long start, long end) {
        return forSums(start, end, System.currentTimeMillis());
    }

    /**
     * {@link #forSums(long, long)} as of {@code now}. A month the range covers from its first day
     * up to the last day before {@code now} or later is also read whole, less the rest of the month:
     * that rest holds at most a day's rows (and actions dated a few minutes ahead), which the
     * shortest roll-up retention (one day) has not deleted, so the subtraction is exact; the month
     * row outlives a retention shorter than a month, which deletes the day rows of the month's
     * first days (this month's sums would otherwise shrink in its first half).
     */
    public static List<Piece> forSums(long start, long end, long now) {
        List<Piece> out = new ArrayList<>();
        long t = start;
        while (t < end) {
            long month = Grain.MONTH.bucketStart(t);
            long monthEnd = Grain.MONTH.nextBucket(month);
            long partEnd = Math.min(end, monthEnd);
            long covered = partEnd - t;
            boolean whole = t == month && partEnd == monthEnd;
            boolean restIsRecent = t == month && partEnd >= now - TimeBuckets.DAY_MILLIS;
            if (!whole && (covered * 2 > monthEnd - month || restIsRecent)) {
                appendMerged(out, new Piece(Grain.MONTH, month, monthEnd, 1));
                appendExact(out, month, t, -1);
                appendExact(out, partEnd, monthEnd, -1);
            } else {
                appendExact(out, t, partEnd, 1);
            }
            t = partEnd;
        }
        return out;
    }

    private static void appendExact(List<Piece> out, long start, long end, int sign) {
        long t = start;
        while (t < end) {
            Piece p;
            if (Grain.MONTH.isBoundary(t) && Grain.MONTH.nextBucket(t) <= end) {
                p = new Piece(Grain.MONTH, t, Grain.MONTH.nextBucket(t), sign);
            } else if (Grain.DAY.isBoundary(t) && Grain.DAY.nextBucket(t) <= end) {
                p = new Piece(Grain.DAY, t, Grain.DAY.nextBucket(t), sign);
            } else {
                p = new Piece(Grain.QUARTER_HOUR, t, Math.min(end, Grain.DAY.nextBucket(Grain.DAY.bucketStart(t))), sign);
            }
            appendMerged(out, p);
            t = p.to();
        }
    }

    /** Adds {@code p}, joining it to the last piece when that one ends where it starts with the same grain and sign. */
    private static void appendMerged(List<Piece> out, Piece p) {
        if (!out.isEmpty()) {
            Piece last = out.get(out.size() - 1);
            if (last.grain() == p.grain() && last.sign() == p.sign() && last.to() == p.from()) {
                out.set(out.size() - 1, new Piece(p.grain(), last.from(), p.to(), p.sign()));
                return;
            }
        }
        out.add(p);
    }
}
