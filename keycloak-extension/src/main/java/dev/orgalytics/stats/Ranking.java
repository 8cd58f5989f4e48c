package dev.orgalytics.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** Standard competition ranking: equal scores share a rank and the next rank skips (1, 2, 2, 4). */
public final class Ranking {

    private Ranking() {
    }

    /**
     * Ranks of {@code sorted}, which must already be ordered by descending score.
     *
     */
    public static <T> List<Integer> ranks(List<T> sorted, ToLongFunction<T> score) {
        List<Integer> ranks = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0 && score.applyAsLong(sorted.get(i)) > score.applyAsLong(sorted.get(i - 1))) {
                throw new IllegalArgumentException("entries are not sorted by descending score");
            }
            boolean tie = i > 0 && score.applyAsLong(sorted.get(i)) == score.applyAsLong(sorted.get(i - 1));
            ranks.add(tie ? ranks.get(i - 1) : i + 1);
        }
        return ranks;
    }
}
