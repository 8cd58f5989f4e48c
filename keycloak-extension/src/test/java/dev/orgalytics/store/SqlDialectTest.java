package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlDialectTest {

    @Test
    void anUpsertTakesSeveralRowsWithItsConflictClauseKept() {
        String one = SqlDialect.POSTGRES.upsertActivity(Grain.DAY);
        String three = SqlDialect.forRows(one, 3);
        // Keys (realm, user, bucket), then logins, failed logins, actions and session activity.
        assertTrue(three.contains(" VALUES (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?) ON CONFLICT"), three);
        assertEquals(21, three.chars().filter(c -> c == '?').count());
        assertEquals(one, SqlDialect.forRows(one, 1));
        String mysql = SqlDialect.forRows(SqlDialect.MYSQL.upsertLastActive(), 2);
        assertTrue(mysql.endsWith("VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE BUCKET_START = GREATEST(BUCKET_START, VALUES(BUCKET_START))"), mysql);
    }

    @Test
    void mergeTakesOneRowAtATime() {
        assertFalse(SqlDialect.MERGE.upsertsManyRows());
        assertTrue(SqlDialect.POSTGRES.upsertsManyRows() && SqlDialect.MYSQL.upsertsManyRows());
        assertThrows(IllegalArgumentException.class, () -> SqlDialect.forRows(SqlDialect.MERGE.upsertTotals(), 2));
    }
}
