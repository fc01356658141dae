package dev.cruciblesim.tracing.stats;

import org.HdrHistogram.Histogram;

/**
 * Latencies as a histogram of {@link LatencyHistograms}' shape together with the exact count,
 * smallest, largest and sum of the values it recorded. The histogram alone knows each value only
 * to its bucket: its min, max and mean are bucket-equivalent values (a run where every IO took
 * 1,200,000 ns reads back min 1,199,104, max 1,200,127 and mean 1,199,616), so what the bundle
 * reports as min, max and mean comes from the exact fields here, and percentiles are
 * {@link LatencyHistograms#valueAtPercentile(Histogram, double, long, long) clamped} to the exact
 * extremes.
 *
 * <p>Values are clamped to [0, {@link LatencyHistograms#HIGHEST_TRACKABLE_VALUE_NS}] before they
 * are recorded, so the exact fields describe the same values as the histogram. The sum is a long:
 * exact until it passes 2^63 ns, 292 years of summed latency.
 *
 * <p>Not thread-safe: one writer, read once it has stopped. Allocation: the histogram (270 KB) at
 * construction; recording allocates nothing and takes no lock, so it suits a path run on every IO.
 */
public final class LatencyDistribution {
    private final Histogram histogram = LatencyHistograms.newHistogram();
    private long minNs = Long.MAX_VALUE;
    private long maxNs = Long.MIN_VALUE;
    private long sumNs;

    /** Records one latency, clamped to the histogram's range. */
    public void record(long latencyNs) {
        long valueNs = clamp(latencyNs);
        histogram.recordValue(valueNs);
        track(valueNs, valueNs);
        sumNs += valueNs;
    }

    /**
     * Records {@code count} equal latencies, clamped to the histogram's range; a count of 0 records
     * nothing and leaves min and max where they were.
     *
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public void recordWithCount(long latencyNs, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count + " for " + latencyNs + " ns");
        }
        if (count > 0) {
            long valueNs = clamp(latencyNs);
            histogram.recordValueWithCount(valueNs, count);
            track(valueNs, valueNs);
            sumNs += valueNs * count;
        }
    }

    /** Adds {@code other}'s latencies to these. */
    public void add(LatencyDistribution other) {
        if (other.count() == 0) {
            return;
        }
        histogram.add(other.histogram);
        track(other.minNs, other.maxNs);
        sumNs += other.sumNs;
    }

    /** @return how many latencies were recorded */
    public long count() {
        return histogram.getTotalCount();
    }

    /** @return the smallest latency recorded, exactly; 0 if none was */
    public long minNs() {
        return count() == 0 ? 0 : minNs;
    }

    /** @return the largest latency recorded, exactly; 0 if none was */
    public long maxNs() {
        return count() == 0 ? 0 : maxNs;
    }

    /** @return the exact sum of the latencies recorded */
    public long sumNs() {
        return sumNs;
    }

    /** @return the exact mean, {@code sumNs / count}; 0 if nothing was recorded */
    public double meanNs() {
        long count = count();
        return count == 0 ? 0.0 : (double) sumNs / count;
    }

    /**
     * @return the standard deviation as HdrHistogram computes it, from bucket-equivalent values:
     *         right to its 0.1 % (0 for a constant latency), not exact
     */
    public double stdDeviationNs() {
        return count() == 0 ? 0.0 : histogram.getStdDeviation();
    }

    /**
     * @return the percentile by crucible-sim's one rule, the histogram's clamped to the exact extremes:
     *         see {@link LatencyHistograms#valueAtPercentile(Histogram, double, long, long)}
     */
    public long percentileNs(double percentile) {
        return LatencyHistograms.valueAtPercentile(histogram, percentile, minNs(), maxNs());
    }

    /**
     * @return the histogram itself, not a copy, for encoding or adding; its own min, max, mean and
     *         percentiles are bucket-equivalent values: report this class's instead
     */
    public Histogram histogram() {
        return histogram;
    }

    private void track(long lowNs, long highNs) {
        if (lowNs < minNs) {
            minNs = lowNs;
        }
        if (highNs > maxNs) {
            maxNs = highNs;
        }
    }

    private static long clamp(long latencyNs) {
        return Math.min(Math.max(latencyNs, 0), LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS);
    }
}
