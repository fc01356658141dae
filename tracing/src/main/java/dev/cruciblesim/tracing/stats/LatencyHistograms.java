package dev.cruciblesim.tracing.stats;

import org.HdrHistogram.Histogram;

/**
 * The one definition of a latency histogram in crucible-sim, shared by the metric recorders of the
 * reports and the workload's own latencies: one shape, so that any two histograms can be added
 * and one .hlog can hold them all, and one percentile function, so that report.json, fio.json and
 * the printed summary agree on what "p99" means.
 *
 * <p>Why these numbers: one hour is far above any latency of a run that is not hung, and values
 * above it are clamped to it rather than lost; 3 significant digits keep every value to 0.1 %,
 * finer than the run-to-run noise of the latency models. The price is 33,792 counts (270 KB) per
 * histogram, which is why interval sampling works on {@link LatencyCounts} instead of adding and
 * resetting whole histograms.
 */
public final class LatencyHistograms {
    /** One hour: the top of every latency histogram; larger values are clamped to it by the recorders. */
    public static final long HIGHEST_TRACKABLE_VALUE_NS = 3_600_000_000_000L;
    /** HdrHistogram precision: values are kept to 3 significant decimal digits (0.1 %). */
    public static final int SIGNIFICANT_DIGITS = 3;

    private LatencyHistograms() {
    }

    /** @return an empty histogram of the shared shape (allocates its 270 KB of counts) */
    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_VALUE_NS, SIGNIFICANT_DIGITS);
    }

    /**
     * HdrHistogram's percentile, the only one crucible-sim reports: the highest value equivalent to
     * the value of rank {@code ceil(percentile / 100 * count)} (at least rank 1), so it never
     * understates a tail. Walks the counts from the bottom; allocates nothing.
     *
     * @param percentile in [0, 100]
     * @return the value in ns, or 0 for an empty histogram
     */
    public static long valueAtPercentile(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile);
    }
}
