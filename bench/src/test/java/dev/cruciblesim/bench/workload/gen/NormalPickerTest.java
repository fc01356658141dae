package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static dev.cruciblesim.bench.workload.gen.Statistics.assertProportion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalPickerTest {
    private static final int DRAWS = 1_000_000;

    /** fio's gauss_next (lib/gauss.c), as it reads, with each of the twelve uniforms drawn from 0..n-1. */
    private static long fioGaussValue(SplittableRandom random, long nranges, double dev) {
        long stddev = 0;
        if (dev != 0.0) {
            stddev = (long) StrictMath.ceil(nranges * dev / 100.0); // (double)(nranges * dev) / 100.0
            if (stddev > nranges / 2) {
                stddev = nranges / 2;
            }
        }
        long sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += random.nextLong(nranges);
        }
        sum = (sum + 12 - 1) / 12;
        if (stddev >= 2) {
            long vr = random.nextLong(stddev); // stddev * (r / (FRAND32_MAX + 1.0)), truncated
            long d = vr - stddev / 2;
            while (d + sum >= nranges || d + sum < 0) { // fio's unsigned compare catches both ends
                d /= 2;
            }
            sum += d;
        }
        return sum;
    }

    @ParameterizedTest
    @CsvSource({"10000, 0", "10000, 10", "10000, 70", "9999, 25", "7, 99", "2, 50"})
    void shouldFollowFiosFormulaOnTheSameUniforms(long n, double sigma) {
        NormalPicker picker = (NormalPicker) RandomDistribution.normal(sigma).picker(n);
        SplittableRandom random = new SplittableRandom(31);
        SplittableRandom twin = new SplittableRandom(31);
        for (int i = 0; i < 100_000; i++) {
            long value = fioGaussValue(twin, n, sigma);
            assertEquals(picker.rangeOfRank(picker.rankOfValue(value)), picker.next(random));
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "10"})
    void shouldHaveTheMomentsOfFiosBellNotOfAGaussianOfSigmaPercent(double sigma) {
        long n = 10_000;
        NormalPicker picker = (NormalPicker) RandomDistribution.normal(sigma).picker(n);
        SplittableRandom random = new SplittableRandom(37);
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < DRAWS; i++) {
            double value = picker.valueOfRank(picker.rankOf(picker.next(random)));
            sum += value;
            sumOfSquares += value * value;
        }
        double mean = sum / DRAWS;
        double variance = sumOfSquares / DRAWS - mean * mean;
        long w = picker.jitterWidth();
        // The average of twelve uniforms on 0..n-1: variance (n^2 - 1) / 144; rounding it up adds 11/24 to the mean
        // and the variance of a uniform twelfth, 143/1728. The jitter, uniform on w integers from -floor(w/2), adds
        // its mean and (w^2 - 1) / 12; with sigma 10 it is never halved (that takes 5.4 standard deviations).
        double expectedMean = (n - 1) / 2.0 + 11.0 / 24 + (w < 2 ? 0 : (w - 1 - 2 * (w / 2)) / 2.0);
        double expectedVariance = (n * (double) n - 1) / 144 + 143.0 / 1728 + (w < 2 ? 0 : (w * (double) w - 1) / 12);
        double meanTolerance = Statistics.STANDARD_ERRORS * Math.sqrt(expectedVariance / DRAWS);
        // A bell with kurtosis below 3 (as the Irwin-Hall and a uniform are) has a variance estimate with a standard
        // error below sigma^2 sqrt(2 / draws).
        double varianceTolerance = Statistics.STANDARD_ERRORS * expectedVariance * Math.sqrt(2.0 / DRAWS);
        assertEquals(expectedMean, mean, meanTolerance, "mean");
        assertEquals(expectedVariance, variance, varianceTolerance, "variance");
        if (sigma > 0) {
            double gaussianVariance = Math.pow(n * sigma / 100, 2);
            assertTrue(Math.abs(variance - gaussianVariance) > varianceTolerance,
                    "a Gaussian of sigma " + sigma + "% would have variance " + gaussianVariance);
        }
    }

    @ParameterizedTest
    @CsvSource({"10000, 0", "10000, 10", "999, 60"})
    void shouldPutTheShareOfTheTopRanksThatItsLawPredicts(long n, double sigma) {
        RangePicker picker = RandomDistribution.normal(sigma).picker(n);
        long[] tops = {1, 10, 100, n / 4, n / 2, n - 3};
        long[] hits = new long[tops.length];
        SplittableRandom random = new SplittableRandom(41);
        for (int i = 0; i < DRAWS; i++) {
            long rank = picker.rankOf(picker.next(random));
            for (int t = 0; t < tops.length; t++) {
                if (rank < tops[t]) {
                    hits[t]++;
                }
            }
        }
        for (int t = 0; t < tops.length; t++) {
            assertProportion(picker.shareOfTopRanks(tops[t]), hits[t], DRAWS, "n " + n + ", sigma " + sigma
                    + ", top " + tops[t]);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "2, 0", "2, 99", "4, 30", "5, 99", "8, 60", "33, 99", "33, 0", "100, 45"})
    void shouldComputeTheLawExactlyIncludingTheHalvedJitters(int n, double sigma) {
        // An independent exact law: the sum of twelve uniforms by convolution, then every jitter walked through
        // fio's halving loop.
        NormalPicker picker = (NormalPicker) RandomDistribution.normal(sigma).picker(n);
        int maxSum = 12 * (n - 1);
        double[] sums = new double[maxSum + 1];
        sums[0] = 1;
        for (int draw = 0; draw < 12; draw++) {
            double[] next = new double[maxSum + 1];
            for (int s = 0; s <= maxSum; s++) {
                if (sums[s] != 0) {
                    for (int u = 0; u < n && s + u <= maxSum; u++) {
                        next[s + u] += sums[s] / n;
                    }
                }
            }
            sums = next;
        }
        double[] values = new double[n];
        long w = picker.jitterWidth();
        for (int s = 0; s <= maxSum; s++) {
            int average = (s + 11) / 12;
            if (w < 2) {
                values[average] += sums[s];
                continue;
            }
            for (long j = -(w / 2); j <= w - 1 - w / 2; j++) {
                long d = j;
                while (average + d < 0 || average + d >= n) {
                    d /= 2;
                }
                values[(int) (average + d)] += sums[s] / w;
            }
        }
        double cumulative = 0;
        for (int k = 1; k <= n; k++) {
            cumulative += values[(int) picker.valueOfRank(k - 1)];
            assertEquals(cumulative, picker.shareOfTopRanks(k), 1e-12, "top " + k);
        }
    }

    @Test
    void shouldPutThePeakAtTheCenter() {
        RangePicker picker = RandomDistribution.parse("normal:5:0.1").picker(10_000);
        assertEquals(1000, picker.rangeOfRank(0));
        assertEquals(0, picker.rankOf(1000));
    }
}
