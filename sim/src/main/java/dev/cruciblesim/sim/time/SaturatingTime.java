package dev.cruciblesim.sim.time;

/**
 * A time plus a delay that stops at the end of the clock instead of wrapping into the past.
 *
 * <p>One model may draw up to {@code LatencyModels.MAX_DELAY_NS} (73 years), and delays add up: a
 * link, a service time and a queue of processing delays behind each other. A wrapped sum would put
 * an event before now, which the virtual clock can only refuse; saturated, every later event lands
 * on {@link #END_NS} and the virtual runtime ends the run there with a failure that says why.
 * Real-time clocks ({@link System#nanoTime()} on Linux counts from boot) are nowhere near the end,
 * so there the sum is exact.
 */
public final class SaturatingTime {
    /** The last instant a clock can hold: about 292 years after its origin. */
    public static final long END_NS = Long.MAX_VALUE;

    private SaturatingTime() {
    }

    /**
     * @param timeNs  a reading of the clock
     * @param delayNs a delay, at least 0
     * @return {@code timeNs + delayNs}, or {@link #END_NS} where that would not fit
     */
    public static long plus(long timeNs, long delayNs) {
        long sum = timeNs + delayNs;
        // Overflow only when the delay is positive and the sum went negative past the top.
        return delayNs > 0 && sum < timeNs ? END_NS : sum;
    }
}
