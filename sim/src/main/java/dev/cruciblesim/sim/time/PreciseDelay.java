package dev.cruciblesim.sim.time;

import java.util.concurrent.locks.LockSupport;

/**
 * Applies a latency model's delay in real time: parks while the deadline is far, then spins.
 * {@code Thread.sleep} and a bare {@code parkNanos} wake tens of microseconds late, which would
 * swamp the microsecond-scale delays we model; spinning the whole wait would take a whole vCPU
 * of this 2-vCPU machine from the threads being measured.
 */
public final class PreciseDelay {
    /**
     * Park only while more than this remains, then spin. A park on Linux wakes late by the
     * thread's timer slack (50 µs by default) plus the wake-up of an idle vCPU (≈30 µs a hop on
     * this KVM guest, spec/machine-limits.md). PreciseDelayBenchmark measured the park's overshoot
     * here at about 85 µs median, so with a 60 µs threshold a 200 µs delay took 226 µs; parking
     * until 120 µs are left lands the usual overshoot before the deadline, at the price of up to
     * about 120 µs of spinning per delay. A park that wakes later still ends late, which no
     * threshold prevents.
     */
    public static final long SPIN_THRESHOLD_NS = 120_000;

    private PreciseDelay() {
    }

    /**
     * Returns once {@code clock} reads at or past {@code deadlineNs} (compared by subtraction, so
     * wrap-around is harmless), or at once if it already does. Returns early only if the thread
     * is interrupted, with its interrupt flag still set. Allocates nothing.
     */
    public static void waitUntil(NanoClock clock, long deadlineNs) {
        Thread thread = Thread.currentThread();
        long remainingNs;
        while ((remainingNs = deadlineNs - clock.nanoTime()) > 0) {
            if (thread.isInterrupted()) {
                return;
            }
            if (remainingNs > SPIN_THRESHOLD_NS) {
                LockSupport.parkNanos(remainingNs - SPIN_THRESHOLD_NS);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** {@link #waitUntil} {@code delayNs} from now; returns at once if delayNs is not positive. */
    public static void waitFor(NanoClock clock, long delayNs) {
        if (delayNs <= 0) {
            return;
        }
        waitUntil(clock, clock.nanoTime() + delayNs);
    }
}
