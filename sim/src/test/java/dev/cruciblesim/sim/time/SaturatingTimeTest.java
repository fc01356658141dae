package dev.cruciblesim.sim.time;

import dev.cruciblesim.sim.event.EventScheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SaturatingTimeTest {
    private static final long LONGEST_DELAY_NS = Long.MAX_VALUE / 4;

    @Test
    void shouldAddExactlyWhileTheSumFits() {
        assertEquals(1_000_000_123L, SaturatingTime.plus(1_000_000_000L, 123));
        assertEquals(Long.MAX_VALUE, SaturatingTime.plus(Long.MAX_VALUE - 5, 5));
        assertEquals(-5, SaturatingTime.plus(-10, 5), "real-time clocks may read negative");
        assertEquals(7, SaturatingTime.plus(7, 0));
    }

    @Test
    void shouldStopAtTheEndOfTheClockInsteadOfWrapping() {
        assertEquals(SaturatingTime.END_NS, SaturatingTime.plus(Long.MAX_VALUE - 5, 6));
        long timeNs = 1_000_000_000L;
        for (int i = 0; i < 5; i++) {
            timeNs = SaturatingTime.plus(timeNs, LONGEST_DELAY_NS);
        }
        assertEquals(SaturatingTime.END_NS, timeNs, "five of the longest delays in a row end at the clock's end");
    }

    /** Before, the fifth delay wrapped to a negative time and the scheduler refused it as "before now". */
    @Test
    void shouldLetTheSchedulerChainTheLongestDelaysUpToTheEnd() {
        EventScheduler scheduler = new EventScheduler(1_000_000_000L);
        List<Long> firedAtNs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            scheduler.scheduleAfter(LONGEST_DELAY_NS, (payload, arg) -> firedAtNs.add(scheduler.nanoTime()), null, 0);
            scheduler.runNext();
        }
        assertEquals(6, firedAtNs.size());
        assertEquals(1_000_000_000L + LONGEST_DELAY_NS, firedAtNs.get(0));
        assertEquals(SaturatingTime.END_NS, firedAtNs.get(5));
    }
}
