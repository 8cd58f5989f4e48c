package dev.orgalytics.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class EventBackfillTest {

    @Test
    void aPageShortOfTheMaximumIsTheLast() {
        assertNull(EventBackfill.next(List.of(10L, 20L), 3));
        assertNull(EventBackfill.next(List.of(), 3));
    }

    @Test
    void aFullPageContinuesAtItsLastMillisecondSoEventsSharingItAreNotSkipped() {
        assertEquals(30L, EventBackfill.next(List.of(10L, 30L, 30L), 3));
    }

    @Test
    void aFullPageInOneMillisecondMovesOnByOne() {
        assertEquals(31L, EventBackfill.next(List.of(30L, 30L, 30L), 3));
    }
}
