package dev.cruciblesim.sim.time;

/**
 * A source of monotonic nanosecond timestamps.
 *
 * <p>The cores read time only through this interface, so the same code runs against the wall
 * clock ({@link SystemNanoClock}) or against time that a test or a discrete-event scheduler moves
 * ({@link ManualClock}). Values are only meaningful relative to each other; compare deadlines by
 * subtraction ({@code now - deadlineNs >= 0}) so that wrap-around is harmless.
 */
@FunctionalInterface
public interface NanoClock {
    /** @return the current time in nanoseconds on this clock's monotonic time line */
    long nanoTime();
}
