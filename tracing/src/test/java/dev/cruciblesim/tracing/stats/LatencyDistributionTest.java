package dev.cruciblesim.tracing.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The exact fields beside the histogram, and the one percentile rule: never outside [min, max],
 * never below the true value of its rank, at most one bucket above it.
 */
class LatencyDistributionTest {
    private static final double[] PERCENTILES = {0, 1, 10, 50, 90, 99, 99.9, 99.99, 100};

    @Test
    void shouldGiveEveryPercentileOfAConstantLatencyAsThatLatency() {
        LatencyDistribution latency = new LatencyDistribution();
        for (int i = 0; i < 1000; i++) {
            latency.record(1_200_000);
        }
        // The histogram alone answers with its bucket's edges, [1,199,104, 1,200,127].
        assertEquals(1_200_127, latency.histogram().getValueAtPercentile(50));
        assertEquals(1_200_127, latency.histogram().getMaxValue());
        assertEquals(1_199_104, latency.histogram().getMinValue());
        for (double percentile : PERCENTILES) {
            assertEquals(1_200_000, latency.percentileNs(percentile), "p" + percentile);
        }
        assertEquals(1_200_000, latency.minNs());
        assertEquals(1_200_000, latency.maxNs());
        assertEquals(1_200_000.0, latency.meanNs());
        assertEquals(0.0, latency.stdDeviationNs());
    }

    @Test
    void shouldKeepEveryPercentileWithinTheExactExtremesAndWithinOneBucketAboveTheTrueValue() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(500);
            long[] values = new long[n];
            LatencyDistribution latency = new LatencyDistribution();
            long baseNs = random.nextLong(1, 10_000_000_000L);
            for (int i = 0; i < n; i++) {
                values[i] = baseNs + random.nextLong(1 + baseNs / (1 + random.nextInt(1000)));
                latency.record(values[i]);
            }
            Arrays.sort(values);
            assertEquals(values[0], latency.minNs());
            assertEquals(values[n - 1], latency.maxNs());
            assertEquals(Arrays.stream(values).sum(), latency.sumNs());
            assertEquals((double) Arrays.stream(values).sum() / n, latency.meanNs(), 1e-6);
            Histogram histogram = latency.histogram();
            for (double percentile : PERCENTILES) {
                int rank = Math.max(1, (int) Math.ceil(percentile / 100 * n));
                long trueNs = values[rank - 1];
                long reportedNs = latency.percentileNs(percentile);
                String what = "p" + percentile + " of " + n + " values from " + values[0] + " to " + values[n - 1];
                assertTrue(reportedNs >= values[0] && reportedNs <= values[n - 1], what + ": " + reportedNs);
                assertTrue(reportedNs >= trueNs, what + ": " + reportedNs + " understates " + trueNs);
                assertTrue(reportedNs <= histogram.highestEquivalentValue(trueNs), what + ": " + reportedNs
                        + " is beyond the bucket of " + trueNs);
            }
            assertEquals(values[n - 1], latency.percentileNs(100));
        }
    }

    @Test
    void shouldAddCountsAndExtremesAndClampToTheHistogramsRange() {
        LatencyDistribution a = new LatencyDistribution();
        a.record(-5);
        a.record(7_000);
        LatencyDistribution b = new LatencyDistribution();
        b.recordWithCount(LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS + 1, 2);
        b.recordWithCount(123, 0);
        a.add(b);
        a.add(new LatencyDistribution());

        assertEquals(4, a.count());
        assertEquals(0, a.minNs(), "a negative latency is recorded as 0");
        assertEquals(LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS, a.maxNs(), "beyond one hour is one hour");
        assertEquals(7_000 + 2 * LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS, a.sumNs());
        assertEquals(0, a.percentileNs(0));
        assertEquals(LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS, a.percentileNs(100));
        assertThrows(IllegalArgumentException.class, () -> a.recordWithCount(1, -1));
    }

    @Test
    void shouldReportZerosWhenEmpty() {
        LatencyDistribution empty = new LatencyDistribution();
        assertEquals(0, empty.count());
        assertEquals(0, empty.minNs());
        assertEquals(0, empty.maxNs());
        assertEquals(0.0, empty.meanNs());
        assertEquals(0, empty.percentileNs(99));
    }
}
