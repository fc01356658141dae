package dev.cruciblesim.sim.time;

/**
 * A clock that moves only when told to: for unit tests that drive a core step by step and for the
 * virtual-time scheduler. Not thread-safe by design: it belongs to the single thread that drives it.
 */
public final class ManualClock implements NanoClock {
    private long nowNs;

    public ManualClock() {
        this(0L);
    }

    public ManualClock(long startNs) {
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    /** Moves time forward by {@code durationNs}, which must not be negative. */
    public void advance(long durationNs) {
        if (durationNs < 0) {
            throw new IllegalArgumentException("a clock cannot go back: advance(" + durationNs + ")");
        }
        nowNs += durationNs;
    }

    /** Sets the time to {@code timeNs}, which must not be earlier than the current time. */
    public void update(long timeNs) {
        if (timeNs - nowNs < 0) {
            throw new IllegalArgumentException("a clock cannot go back: update(" + timeNs + ") at " + nowNs);
        }
        nowNs = timeNs;
    }

    @Override
    public String toString() {
        return "ManualClock[" + nowNs + " ns]";
    }
}
