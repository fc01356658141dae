package dev.cruciblesim.sim.latency;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Replays a captured histogram: picks a bucket in proportion to its count, then a whole number of
 * nanoseconds uniformly inside it. Re-recording the samples with the capture's own bucketing gives
 * back the capture's buckets in the capture's proportions; within a bucket the shape is unknown,
 * and uniform is the assumption that adds the least.
 */
final class EmpiricalLatencyModel extends DescribedLatencyModel {
    private final long[] lowestNs;
    private final long[] widthNs;
    /** cumulativeCounts[i] = counts[0] + ... + counts[i], strictly increasing (no empty buckets). */
    private final long[] cumulativeCounts;
    private final long totalCount;
    private final double meanNs;

    /**
     * @param lowestNs the smallest value of each non-empty bucket, ascending
     * @param widthNs  how many whole nanoseconds each bucket holds (at least 1)
     * @param counts   each bucket's count, all > 0, summing to no more than Long.MAX_VALUE
     */
    EmpiricalLatencyModel(long[] lowestNs, long[] widthNs, long[] counts, Map<String, Object> description) {
        super(Descriptions.readOnly(description));
        this.lowestNs = lowestNs.clone();
        this.widthNs = widthNs.clone();
        this.cumulativeCounts = new long[counts.length];
        long sum = 0;
        double weightedMidpointSum = 0.0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i];
            cumulativeCounts[i] = sum;
            // The mean of the integers lowest .. lowest+width-1.
            weightedMidpointSum += counts[i] * (lowestNs[i] + (widthNs[i] - 1) / 2.0);
        }
        this.totalCount = sum;
        this.meanNs = weightedMidpointSum / sum;
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        long ticket = random.nextLong(totalCount);
        int found = Arrays.binarySearch(cumulativeCounts, ticket);
        // A ticket equal to cumulativeCounts[i] is the first one of bucket i + 1.
        int bucket = found >= 0 ? found + 1 : -found - 1;
        long width = widthNs[bucket];
        return width == 1 ? lowestNs[bucket] : lowestNs[bucket] + random.nextLong(width);
    }

    @Override
    public double meanNs() {
        return meanNs;
    }

    @Override
    public String toString() {
        return "empirical{source=" + describe().get("source") + ", buckets=" + cumulativeCounts.length
                + ", count=" + totalCount + "}";
    }
}
