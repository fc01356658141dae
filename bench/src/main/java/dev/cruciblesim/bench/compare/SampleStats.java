package dev.cruciblesim.bench.compare;

import org.apache.commons.statistics.inference.MannWhitneyUTest;

import java.util.Arrays;

/**
 * The distribution-free statistics benchstat uses, for small samples of per-run statistics: the median with
 * a confidence interval from order statistics, and the two-sided Mann-Whitney U test.
 */
public final class SampleStats {
    private static final MannWhitneyUTest U_TEST = MannWhitneyUTest.withDefaults();

    private SampleStats() {
    }

    /**
     * A median and the interval that holds the true median with at least the asked confidence. The bounds are
     * infinite when the sample is too small for any interval of its order statistics to reach it (fewer than 6
     * values at 95 %).
     */
    public record MedianInterval(double median, double low, double high) {
        public boolean finite() {
            return Double.isFinite(low) && Double.isFinite(high);
        }
    }

    /** @return the median of {@code values} (at least one), the mean of the middle two for an even count */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The interval [x(j), x(n-1-j)] of the sorted values with the largest j whose coverage 1 - 2 P(B <= j),
     * B ~ Binomial(n, 1/2) the number of values below the true median, is still at least {@code confidence}.
     * No assumption about the distribution: only that the runs are independent.
     */
    public static MedianInterval medianInterval(double[] values, double confidence) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = median(sorted);
        int excluded = -1;
        double cdf = 0;
        for (int j = 0; j < (n + 1) / 2; j++) {
            cdf += binomialHalf(n, j);
            if (1 - 2 * cdf < confidence) {
                break;
            }
            excluded = j;
        }
        if (excluded < 0) {
            return new MedianInterval(median, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        return new MedianInterval(median, sorted[excluded], sorted[n - 1 - excluded]);
    }

    /** P(B = k) for B ~ Binomial(n, 1/2), in logarithms so that large n neither overflows nor underflows. */
    static double binomialHalf(int n, int k) {
        double logChoose = 0;
        for (int i = 1; i <= k; i++) {
            logChoose += Math.log(n - k + i) - Math.log(i);
        }
        return Math.exp(logChoose - n * Math.log(2));
    }

    /**
     * The smallest two-sided p-value the exact U test can give for these sample sizes, at complete separation:
     * 2 / C(n1 + n2, n1). When it is above alpha no data can be significant (1+1, 2+2, 3+3 at 0.05).
     */
    public static double smallestPValue(int n1, int n2) {
        if (n1 == 0 || n2 == 0) {
            return 1;
        }
        double logChoose = 0;
        int small = Math.min(n1, n2);
        int total = n1 + n2;
        for (int i = 1; i <= small; i++) {
            logChoose += Math.log(total - small + i) - Math.log(i);
        }
        return Math.min(1, 2 * Math.exp(-logChoose));
    }

    /**
     * The two-sided Mann-Whitney U test's p-value (exact for small samples without ties, else the normal
     * approximation with continuity correction). Samples that are one value throughout, the same on both
     * sides, have nothing to rank apart: p = 1, where the approximation's zero variance would give NaN.
     */
    public static double uTestPValue(double[] x, double[] y) {
        double first = x[0];
        if (Arrays.stream(x).allMatch(v -> v == first) && Arrays.stream(y).allMatch(v -> v == first)) {
            return 1;
        }
        return U_TEST.test(x, y).getPValue();
    }
}
