package dev.cruciblesim.sim.time;

/** The JVM's monotonic clock; the only class in the project that calls {@link System#nanoTime()}. */
public final class SystemNanoClock implements NanoClock {
    public static final SystemNanoClock INSTANCE = new SystemNanoClock();

    private SystemNanoClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "SystemNanoClock";
    }
}
