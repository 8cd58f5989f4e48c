package dev.orgalytics.capture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionActivityMarksTest {

    /** 2026-11-23T10:00:00Z, the start of a quarter hour. */
    private static final long Q = 1_795_428_000_000L;
    private static final long MINUTE = 60_000;

    @Test
    void aUserIsKnownOnlyInTheQuarterHourTheyWereMarkedIn() {
        SessionActivityMarks marks = new SessionActivityMarks(100);
        assertFalse(marks.known("r", "u", Q));
        marks.mark("r", "u", Q + MINUTE);
        assertTrue(marks.known("r", "u", Q + 14 * MINUTE), "same quarter hour");
        assertFalse(marks.known("r", "u", Q + 15 * MINUTE), "the next quarter hour needs its own write");
        assertFalse(marks.known("r", "u", Q - 1), "the quarter hour before too");
        assertFalse(marks.known("other-realm", "u", Q + MINUTE), "the same id in another realm is another user");
        assertFalse(marks.known("r", "v", Q + MINUTE));
    }

    @Test
    void theQuarterHourBeforeIsKeptForLateEventsAndOlderOnesAreForgotten() {
        SessionActivityMarks marks = new SessionActivityMarks(100);
        marks.mark("r", "u", Q);
        marks.mark("r", "v", Q + 15 * MINUTE);
        assertTrue(marks.known("r", "u", Q + MINUTE), "the previous quarter hour is still known");
        // A late event of the previous quarter hour is remembered there.
        marks.mark("r", "w", Q + 2 * MINUTE);
        assertTrue(marks.known("r", "w", Q + 3 * MINUTE));
        marks.mark("r", "v", Q + 30 * MINUTE);
        assertFalse(marks.known("r", "u", Q + MINUTE), "two quarter hours back is forgotten: written again, never lost");
        assertTrue(marks.known("r", "v", Q + 16 * MINUTE));
        assertTrue(marks.known("r", "v", Q + 31 * MINUTE));
    }

    @Test
    void pastItsCapacityUsersAreNotRememberedSoEveryRefreshIsWritten() {
        SessionActivityMarks marks = new SessionActivityMarks(2);
        marks.mark("r", "a", Q);
        marks.mark("r", "b", Q);
        marks.mark("r", "c", Q);
        assertTrue(marks.known("r", "a", Q) && marks.known("r", "b", Q));
        assertFalse(marks.known("r", "c", Q));
    }
}
