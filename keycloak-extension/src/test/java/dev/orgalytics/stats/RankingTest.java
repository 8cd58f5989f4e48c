package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class RankingTest {

    @Test
    void tiesShareARankAndTheNextRankSkips() {
        assertEquals(List.of(1, 2, 2, 4, 5, 5, 5, 8), Ranking.ranks(List.of(9L, 7L, 7L, 5L, 3L, 3L, 3L, 1L), Long::longValue));
    }

    @Test
    void allEqualAndEmpty() {
        assertEquals(List.of(1, 1, 1), Ranking.ranks(List.of(2L, 2L, 2L), Long::longValue));
        assertEquals(List.of(), Ranking.ranks(List.<Long>of(), Long::longValue));
    }

    @Test
    void unsortedInputIsABug() {
        assertThrows(IllegalArgumentException.class, () -> Ranking.ranks(List.of(1L, 2L), Long::longValue));
    }
}
