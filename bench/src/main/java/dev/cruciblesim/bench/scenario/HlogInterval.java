package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.sim.time.SaturatingTime;

import java.util.concurrent.TimeUnit;

/**
 * How long each interval of the run's interval log ({@code latency.hlog}) is: a fixed length
 * ({@code output.hlog_interval} given, or real time's default of 1 s), or, virtual time's default,
 * a length that doubles as the run goes on.
 *
 * <p>The doubling rule: {@value #ADAPTIVE_FIRST_MS} ms intervals until the run has lasted
 * {@value #INTERVALS_BEFORE_DOUBLING} of them (1 s of simulated time), and from then on an interval
 * is twice as long each time the simulated time elapsed reaches {@value #INTERVALS_BEFORE_DOUBLING}
 * intervals of the current length: 20 ms until 2 s, 40 ms until 4 s, ..., 1.28 s from 64 s to
 * 128 s. So after the first second every interval is 1 % to 2 % of the time elapsed when it
 * starts, every boundary is a multiple of 10 ms and of the interval's own length, and a run of
 * simulated length T writes at most 100 + 50 log2(T / 1 s) intervals per metric (and one for a
 * partial last one): 100 for a run of 1 s (fewer for a shorter one), 429 for 100 s, 598 for
 * 1,000 s, 688 for an hour, 916 for a day.
 *
 * <p>Why: the length of a virtual-time run is not known when it starts (a closed loop stops on an
 * IO count, at whatever time that takes), and a fixed default fits only some runs: 1 s gives a run
 * of 0.2 s a single interval, 10 ms gives the 5,000,000-IO reference run 19,000 intervals of each
 * of its 18 metrics (a 98 MB file). Doubling keeps the time series over the whole run at a
 * resolution of 1-2 % of its length, finer near the start, where a run warms up, and bounds the
 * file by the logarithm of the run's length. HdrHistogram's log format gives every interval its
 * own start and length, and its readers and tools take intervals of any length. Real time keeps
 * its fixed 1 s: a log someone watches while the run goes should come at a steady pace.
 *
 * @param firstNs the length of the first interval, and of every one if not {@code doubling}
 * @param doubling whether the length doubles by the rule above
 */
public record HlogInterval(long firstNs, boolean doubling) {
    static final long ADAPTIVE_FIRST_MS = 10;
    static final long INTERVALS_BEFORE_DOUBLING = 100;
    /** Virtual time's default: see the class comment. */
    public static final HlogInterval ADAPTIVE = new HlogInterval(TimeUnit.MILLISECONDS.toNanos(ADAPTIVE_FIRST_MS),
            true);

    /** @throws IllegalArgumentException if {@code firstNs <= 0} */
    public HlogInterval {
        if (firstNs <= 0) {
            throw new IllegalArgumentException("hlog interval must be > 0 ns, got " + firstNs);
        }
    }

    /** @return intervals of {@code lengthNs} each */
    public static HlogInterval fixed(long lengthNs) {
        return new HlogInterval(lengthNs, false);
    }

    /**
     * @param elapsedNs how long after the run's start the interval starts, {@code >= 0}
     * @return the length of that interval: {@link #firstNs}, doubled while {@code elapsedNs} is at
     *         least {@value #INTERVALS_BEFORE_DOUBLING} intervals of the current length (never
     *         overflowing: a length past a quarter of the clock's range saturates there)
     */
    public long lengthNsAt(long elapsedNs) {
        long lengthNs = firstNs;
        if (doubling) {
            while (elapsedNs / lengthNs >= INTERVALS_BEFORE_DOUBLING && lengthNs < Long.MAX_VALUE / 4) {
                lengthNs *= 2;
            }
        }
        return lengthNs;
    }

    /**
     * @param startNs the run's start on its clock
     * @param nowNs   the start of an interval on the same clock
     * @return when that interval ends on the same clock, saturating at the clock's end
     */
    public long endNs(long startNs, long nowNs) {
        return SaturatingTime.plus(nowNs, lengthNsAt(nowNs - startNs));
    }
}
