package dev.orgalytics.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class EveryRealmTest {

    @Test
    void aRealmThatLostARaceIsRetriedAndThenSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> pauses = new ArrayList<>();
        boolean done = EveryRealm.retrying("r1", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("duplicate key value violates unique constraint");
            }
        }, pauses::add);
        assertTrue(done);
        assertEquals(2, attempts.get());
        assertEquals(List.of(EveryRealm.RETRY_PAUSES_MILLIS[0]), pauses);
    }

    @Test
    void aRealmThatKeepsFailingIsGivenUpWithoutThrowing() {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> pauses = new ArrayList<>();
        boolean done = EveryRealm.retrying("r1", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("database down");
        }, pauses::add);
        assertFalse(done);
        assertEquals(EveryRealm.RETRY_PAUSES_MILLIS.length + 1, attempts.get());
        assertEquals(EveryRealm.RETRY_PAUSES_MILLIS.length, pauses.size());
    }

    @Test
    void aRealmThatSucceedsIsRunOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertTrue(EveryRealm.retrying("r1", attempts::incrementAndGet, p -> { throw new AssertionError("no pause"); }));
        assertEquals(1, attempts.get());
    }
}
