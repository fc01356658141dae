package dev.cruciblesim.tracing.metrics;

import java.util.SortedMap;
import org.HdrHistogram.Histogram;

/**
 * One metric over the whole run. {@code count}, {@code minNs}, {@code maxNs} and {@code sumNs} are
 * exact and cover every value; the histogram holds the non-negative ones, those above one hour
 * clamped to one hour, so {@code histogram.getTotalCount() + negativeCount == count}.
 *
 * @param histogram         a private copy of the run's total histogram, in ns, for percentiles
 * @param count             the number of values, weighted by quantize's {@code incr}
 * @param meanNs            {@code sumNs / count}
 * @param clampedCount      how many values were above one hour and recorded as one hour in the histogram
 * @param negativeCount     how many values were negative and left out of the histogram
 * @param powerOfTwoBuckets non-empty buckets, lower bound → count, as DTrace's quantize prints
 *                          them (0, then 2^k for [2^k, 2^(k+1)), negative ones as -2^k): the
 *                          aggregation's own buckets for quantize, otherwise taken from the histogram
 */
public record MetricSummary(MetricId id, Histogram histogram, long count, long minNs, long maxNs, long sumNs,
        double meanNs, long clampedCount, long negativeCount, SortedMap<Long, Long> powerOfTwoBuckets) {
}
