package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void valuesFollowTheTextWhateverOrderTheFragmentsWereBuiltIn() {
        // The filter is built first, the outer query last: the old positional list would have held
        // the filter's values before the query's.
        Sql filter = Sql.of(" AND b = ?", "B");
        Sql inner = Sql.of("SELECT x FROM t WHERE a = ?", "A").plus(filter);
        Sql query = Sql.of("SELECT * FROM (").plus(inner).plus(Sql.of(") s WHERE s.c > ?", 3)).page(10, 5);

        assertEquals("SELECT * FROM (SELECT x FROM t WHERE a = ? AND b = ?) s WHERE s.c > ? LIMIT ? OFFSET ?", query.text());
        assertEquals(List.of("A", "B", 3, 5, 10), query.params());
        // Composing the right-hand side first gives the same statement.
        Sql tail = Sql.of(") s WHERE s.c > ?", 3);
        Sql sameQuery = Sql.of("SELECT * FROM (").plus(Sql.of("SELECT x FROM t WHERE a = ?", "A").plus(filter.plus(tail))).page(10, 5);
        assertEquals(query, sameQuery);
    }

    @Test
    void joinKeepsEachPartsValuesWithItsMarks() {
        Sql union = Sql.join(" UNION ALL ", List.of(Sql.of("SELECT 1 FROM a WHERE x = ?", 1L), Sql.of("SELECT 1 FROM b"),
                Sql.of("SELECT 1 FROM c WHERE y = ? AND z = ?", 2L, 3L)));
        assertEquals("SELECT 1 FROM a WHERE x = ? UNION ALL SELECT 1 FROM b UNION ALL SELECT 1 FROM c WHERE y = ? AND z = ?",
                union.text());
        assertEquals(List.of(1L, 2L, 3L), union.params());
    }

    @Test
    void inListsOneMarkPerValue() {
        Sql in = Sql.in(new TreeSet<>(Set.of("g2", "g1", "g3")));
        assertEquals("(?, ?, ?)", in.text());
        assertEquals(List.of("g1", "g2", "g3"), in.params());
        assertThrows(IllegalArgumentException.class, () -> Sql.in(List.of()), "IN () is not SQL");
    }

    @Test
    void pageWithoutMaxSkipsRowsOnlyWhenAsked() {
        Sql q = Sql.of("SELECT * FROM t WHERE a = ?", "A");
        assertSame(q, q.page(0, null));
        assertEquals("SELECT * FROM t WHERE a = ? OFFSET 7", q.page(7, null).text());
        assertEquals(List.of("A"), q.page(7, null).params());
    }

    @Test
    void marksAndValuesMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> Sql.of("a = ? AND b = ?", "A"));
        assertThrows(IllegalArgumentException.class, () -> Sql.of("a = 1", "A"));
        assertThrows(IllegalArgumentException.class, () -> Sql.of("a = ?").plus(""), "a text without its value");
        assertThrows(NullPointerException.class, () -> Sql.of("a = ?", (Object) null));
    }

    @Test
    void emptyFragmentsAddNothing() {
        Sql q = Sql.of("SELECT 1 WHERE a = ?", 1);
        assertSame(q, q.plus(Sql.EMPTY));
        assertSame(q, Sql.EMPTY.plus(q));
        assertTrue(Sql.EMPTY.isEmpty());
    }

    @Test
    void fragmentsAreImmutable() {
        Sql base = Sql.of("SELECT ? ", 1);
        Sql longer = base.plus(Sql.of("+ ?", 2));
        assertEquals(List.of(1), base.params());
        assertEquals(List.of(1, 2), longer.params());
        assertThrows(UnsupportedOperationException.class, () -> longer.params().add(3));
        Object[] values = {"a"};
        Sql copied = Sql.of("?", values);
        values[0] = "b";
        assertEquals(List.of("a"), copied.params());
    }

    /** The values reach the driver in text order: the answer proves it, not the text. */
    @Test
    void aComposedQueryRunsWithItsValuesInPlace() throws SQLException {
        Sql second = Sql.of(" WHERE V.N > ?", 1);
        Sql query = Sql.of("SELECT COUNT(*), MAX(V.N) FROM (VALUES (1), (2), (3), (4)) AS V(N)").plus(second)
                .plus(Sql.of(" AND V.N < ?", 4));
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:sqltest")) {
            long[] row = new Jdbc(c).longs(query);
            assertEquals(2, row[0]);
            assertEquals(3, row[1]);
        }
    }
}
