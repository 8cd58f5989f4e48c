package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** What the retention job reports when two nodes sweep the same rows at once. */
class RetentionSweeperDatabaseTest {

    private static final long CUTOFF = 1_795_000_000_000L;

    @Test
    void updateCountsSumOnlyRowsActuallyDeleted() {
        assertEquals(3, RetentionSweeper.deletedRows(new int[] {1, 0, 1, 1, 0}));
        assertEquals(0, RetentionSweeper.deletedRows(new int[] {0, 0}));
        // SUCCESS_NO_INFO: ran, count unknown; one key per statement bounds it by 1.
        assertEquals(2, RetentionSweeper.deletedRows(new int[] {Statement.SUCCESS_NO_INFO, 0, 1}));
        assertEquals(0, RetentionSweeper.deletedRows(new int[] {Statement.EXECUTE_FAILED}));
    }

    /**
     * Sweeper B selects the same rows as sweeper A while A's delete is uncommitted; B's delete then
     * waits for A's commit and finds nothing left. Before, B reported all of them too.
     */
    @Test
    void twoSweepersOverTheSameRowsReportEachRowOnce() throws Exception {
        try (TestDatabase db = TestDatabase.create("postgres")) {
            try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO OA_LOGIN_EVENT (ID, REALM_ID, USER_ID, CLIENT_ID, EVENT_TYPE, SUCCESS, EVENT_TIME) VALUES (?, 'r', 'u', 'web', 'LOGIN', TRUE, ?)")) {
                for (int i = 0; i < 7; i++) {
                    ps.setString(1, "e" + i);
                    ps.setLong(2, CUTOFF - 1 - i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Connection a = db.connect(); Connection b = db.connect()) {
                a.setAutoCommit(false);
                b.setAutoCommit(false);
                RetentionSweeper.Batch first = RetentionSweeper.on(a).deleteOlderThan(AnalyticsTable.LOGIN_EVENT, CUTOFF, 5);
                CompletableFuture<RetentionSweeper.Batch> second = CompletableFuture.supplyAsync(() -> {
                    try {
                        RetentionSweeper.Batch r = RetentionSweeper.on(b).deleteOlderThan(AnalyticsTable.LOGIN_EVENT, CUTOFF, 10);
                        b.commit();
                        return r;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(500);
                assertFalse(second.isDone(), "B's delete waits for A's row locks");
                a.commit();
                RetentionSweeper.Batch other = second.get(30, TimeUnit.SECONDS);
                assertEquals(5, first.deleted());
                assertEquals(7, other.selected(), "B saw all rows before A committed");
                assertEquals(2, other.deleted(), "only the two rows A did not take");
                assertTrue(first.exact() && other.exact());
            }
            assertEquals(0, db.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT"));
        }
    }
}
