package dev.cruciblesim.sim.time;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManualClockTest {
    @Test
    void shouldMoveOnlyWhenTold() {
        ManualClock clock = new ManualClock(10);
        assertEquals(10, clock.nanoTime());
        clock.advance(5);
        assertEquals(15, clock.nanoTime());
        clock.update(40);
        assertEquals(40, clock.nanoTime());
        clock.update(40);
        assertEquals(40, clock.nanoTime());
    }

    @Test
    void shouldRefuseToGoBack() {
        ManualClock clock = new ManualClock(100);
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
        IllegalArgumentException back = assertThrows(IllegalArgumentException.class, () -> clock.update(99));
        assertTrue(back.getMessage().contains("99"), back.getMessage());
        assertEquals(100, clock.nanoTime());
    }

    @Test
    void shouldCompareAcrossWrapAroundBySubtraction() {
        ManualClock clock = new ManualClock(Long.MAX_VALUE - 1);
        long deadlineNs = clock.nanoTime() + 10;
        clock.advance(11);
        assertTrue(clock.nanoTime() - deadlineNs > 0, "past the deadline even though the raw value wrapped");
    }

    @Test
    void shouldReadTheSystemClockMonotonically() {
        long first = SystemNanoClock.INSTANCE.nanoTime();
        long second = SystemNanoClock.INSTANCE.nanoTime();
        assertTrue(second - first >= 0);
    }
}
