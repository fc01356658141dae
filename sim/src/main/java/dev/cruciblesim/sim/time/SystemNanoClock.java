package dev.cruciblesim.sim.time;

/** The JVM's monotonic clock: what the cores read in real time (runtimes may use System.nanoTime() directly for their own shutdown deadlines). */
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
