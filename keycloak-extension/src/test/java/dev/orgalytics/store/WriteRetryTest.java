package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class WriteRetryTest {

    private static final SQLException DEADLOCK = new SQLException("deadlock detected", "40P01");
    private static final SQLException NOT_NULL = new SQLException("null value in column", "42000");

    @Test
    void aLostRaceIsRunAgainUntilItSucceeds() throws SQLException {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        String result = WriteRetry.run(() -> {
            if (calls.incrementAndGet() < 3) throw DEADLOCK;
            return "stored";
        }, attempt -> retries.incrementAndGet());
        assertEquals("stored", result);
        assertEquals(3, calls.get());
        assertEquals(2, retries.get());
    }

    @Test
    void aFailureNoRetryCanFixIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        SQLException thrown = assertThrows(SQLException.class, () -> WriteRetry.run(() -> {
            calls.incrementAndGet();
            throw NOT_NULL;
        }, attempt -> { }));
        assertSame(NOT_NULL, thrown);
        assertEquals(1, calls.get());
    }

    @Test
    void aRaceLostEveryTimeEndsAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(SQLException.class, () -> WriteRetry.run(() -> {
            calls.incrementAndGet();
            throw DEADLOCK;
        }, attempt -> { }));
        assertEquals(WriteRetry.ATTEMPTS, calls.get());
    }

    @Test
    void thePauseCeilingDoublesUpToOneSecond() {
        assertEquals(10, WriteRetry.ceilingMillis(1));
        assertEquals(20, WriteRetry.ceilingMillis(2));
        assertEquals(640, WriteRetry.ceilingMillis(7));
        assertEquals(1000, WriteRetry.ceilingMillis(8));
        assertEquals(1000, WriteRetry.ceilingMillis(40));
    }
}
