package dev.cruciblesim.sim.time;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only lower bounds on real time: how late a wait ends depends on the machine, not on the code. */
class PreciseDelayTest {
    @Test
    void shouldNotReturnBeforeShortRealDeadlines() {
        NanoClock clock = SystemNanoClock.INSTANCE;
        long threshold = PreciseDelay.SPIN_THRESHOLD_NS;
        for (long delayNs : new long[] {1_000, 20_000, threshold - 1_000, threshold + 1_000, 200_000, 1_000_000}) {
            for (int i = 0; i < 5; i++) {
                long deadlineNs = clock.nanoTime() + delayNs;
                PreciseDelay.waitUntil(clock, deadlineNs);
                long afterNs = clock.nanoTime();
                assertTrue(afterNs - deadlineNs >= 0, "returned " + (deadlineNs - afterNs) + " ns early");
            }
        }
    }

    @Test
    void shouldWaitForAtLeastTheDelay() {
        NanoClock clock = SystemNanoClock.INSTANCE;
        for (long delayNs : new long[] {20_000, 200_000}) {
            long startNs = clock.nanoTime();
            PreciseDelay.waitFor(clock, delayNs);
            long waitedNs = clock.nanoTime() - startNs;
            assertTrue(waitedNs >= delayNs, "waited " + waitedNs + " ns of " + delayNs);
        }
    }

    @Test
    void shouldReturnAtOnceForAPastOrPresentDeadline() {
        CountingClock clock = new CountingClock(1_000, 0);
        PreciseDelay.waitUntil(clock, 999);
        PreciseDelay.waitUntil(clock, 1_000);
        PreciseDelay.waitFor(clock, 0);
        PreciseDelay.waitFor(clock, -5);
        assertEquals(2, clock.reads, "one reading per past deadline, none for non-positive delays");
    }

    @Test
    void shouldSpinUntilTheClockPassesTheDeadline() {
        // A clock that moves 1 µs per reading: the wait ends on the first reading at the deadline.
        CountingClock clock = new CountingClock(0, 1_000);
        PreciseDelay.waitUntil(clock, 10_500);
        assertEquals(12, clock.reads);
        assertTrue(clock.lastNs >= 10_500);
    }

    @Test
    void shouldCompareAcrossWrapAround() {
        CountingClock clock = new CountingClock(Long.MAX_VALUE - 2_000, 1_000);
        PreciseDelay.waitUntil(clock, Long.MAX_VALUE + 3_000);
        assertTrue(clock.lastNs - (Long.MAX_VALUE + 3_000) >= 0);
    }

    @Test
    void shouldReturnWithTheFlagSetWhenInterrupted() {
        // The clock never moves, so only the interrupt can end the wait.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            ManualClock stopped = new ManualClock(0);
            Thread.currentThread().interrupt();
            PreciseDelay.waitFor(stopped, Duration.ofHours(1).toNanos());
            assertTrue(Thread.interrupted(), "the interrupt flag is kept (and cleared here)");
        });
    }

    private static final class CountingClock implements NanoClock {
        private final long stepNs;
        long lastNs;
        int reads;

        CountingClock(long startNs, long stepNs) {
            this.lastNs = startNs - stepNs;
            this.stepNs = stepNs;
        }

        @Override
        public long nanoTime() {
            reads++;
            lastNs += stepNs;
            return lastNs;
        }
    }
}
