package dev.cruciblesim.tracing.stats;

import org.HdrHistogram.Histogram;

/**
 * The one definition of a latency histogram in crucible-sim, shared by the metric recorders of the
 * reports and the workload's own latencies: one shape, so that any two histograms can be added
 * and one .hlog can hold them all, and one percentile function, so that report.json, fio.json and
 * the printed summary agree on what "p99" means. A histogram knows values only to their bucket, so
 * the percentile function takes the exact extremes too ({@link LatencyDistribution} keeps them
 * beside a histogram).
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
     * The only percentile crucible-sim reports: HdrHistogram's, the highest value equivalent to the
     * value of rank {@code ceil(percentile / 100 * count)} (at least rank 1), clamped to the exact
     * smallest and largest value recorded. Unclamped, the highest equivalent value overshoots: a run
     * where every IO took 1,200,000 ns has every percentile at 1,200,127 (its bucket's top), above
     * its own max. Clamped, a percentile is never above the max nor below the min, still never
     * below the true value of its rank (which lies in [min, max] too), so it never understates a
     * tail. It is exact where the rank's bucket is 1 ns wide (values below 2,048 ns) and where the
     * value of that rank is the max itself (every percentile of a constant latency, the top
     * percentiles of a tail), and otherwise at most one bucket width (0.1 %) above the true value.
     * The lower clamp never binds for a histogram with its exact min; it keeps the rule whole where
     * only a bound of the values is known.
     *
     * <p>What was rejected: the bucket's lowest equivalent value, clamped the same way, which is
     * exact as often but elsewhere below the true value, understating a tail; the bucket's median
     * (what HdrHistogram's mean uses), which is neither a bound nor exact.
     *
     * <p>Walks the counts from the bottom; allocates nothing.
     *
     * @param percentile in [0, 100]
     * @param minNs      the exact smallest value the histogram holds (or any lower bound of them)
     * @param maxNs      the exact largest value the histogram holds (or any upper bound of them)
     * @return the value in ns, or 0 for an empty histogram
     */
    public static long valueAtPercentile(Histogram histogram, double percentile, long minNs, long maxNs) {
        if (histogram.getTotalCount() == 0) {
            return 0;
        }
        return Math.max(minNs, Math.min(maxNs, histogram.getValueAtPercentile(percentile)));
    }
}
