package dev.cruciblesim.bench.workload.gen;

import java.util.SplittableRandom;

/**
 * fio's normal ({@code lib/gauss.c}): the average of {@value #DRAWS} uniform draws over the values {@code 0..n-1},
 * rounded up, plus a uniform jitter of width {@code w} that is halved until the sum lies in range. Thirteen uniforms
 * per IO (twelve without a jitter).
 *
 * <p>The value's law, used by {@link #shareOfTopRanks}: the sum {@code S} of the twelve draws counts the ways twelve
 * integers in {@code 0..n-1} add up to at most {@code t} (inclusion–exclusion over the draws that exceed
 * {@code n-1}), the average is at most {@code x} exactly when {@code S <= 12x}, and for each average the jitters that
 * land in a window are counted interval by interval, halvings included.
 */
final class NormalPicker extends ScatteredPicker {
    /** fio's {@code GAUSS_ITERS}. */
    static final int DRAWS = 12;
    /** {@code 12!}, the denominator of the count of sums. */
    private static final double DRAWS_FACTORIAL = 479_001_600.0;
    /** {@code C(12, j)}. */
    private static final double[] BINOMIAL = {1, 12, 66, 220, 495, 792, 924, 792, 495, 220, 66, 12, 1};

    /** The jitter width, fio's {@code stddev}: {@code ceil(n * sigma / 100)}, at most {@code floor(n/2)}. */
    private final long width;
    /** The lowest jitter, {@code -floor(w/2)}; the highest is {@code w - 1 - floor(w/2)}. */
    private final long lowestJitter;
    /** The value of rank 0. */
    private final long peak;
    /** The largest sum of the twelve draws, {@code 12(n-1)}. */
    private final long maxSum;

    NormalPicker(RandomDistribution distribution, long rangeCount, long anchor) {
        super(distribution, rangeCount, anchor);
        if (rangeCount > Long.MAX_VALUE / DRAWS) {
            throw new IllegalArgumentException("normal handles at most " + Long.MAX_VALUE / DRAWS
                    + " ranges (twelve draws must add up in a long), got " + rangeCount);
        }
        double sigma = distribution.parameter();
        long w = sigma == 0 ? 0 : (long) StrictMath.ceil(rangeCount * sigma / 100.0);
        this.width = Math.min(w, rangeCount / 2);
        this.lowestJitter = -(width / 2);
        this.peak = rangeCount / 2;
        this.maxSum = DRAWS * (rangeCount - 1);
    }

    @Override
    long nextRank(SplittableRandom random) {
        return rankOfValue(nextValue(random));
    }

    /** @return fio's value: the rounded-up average of twelve draws, plus the halved jitter */
    long nextValue(SplittableRandom random) {
        long sum = 0;
        for (int i = 0; i < DRAWS; i++) {
            sum += random.nextLong(n);
        }
        long value = (sum + DRAWS - 1) / DRAWS;
        if (width < 2) {
            // A width of 0 or 1 leaves the jitter at 0: there is nothing to draw.
            return value;
        }
        long jitter = random.nextLong(width) + lowestJitter;
        while (value + jitter < 0 || value + jitter >= n) {
            jitter /= 2; // towards zero, as C's integer division in fio
        }
        return value + jitter;
    }

    /** Ranks by distance from the peak: the peak, one below, one above, two below, and so on. */
    long rankOfValue(long value) {
        if (value == peak) {
            return 0;
        }
        return value < peak ? 2 * (peak - value) - 1 : 2 * (value - peak);
    }

    long valueOfRank(long rank) {
        if (rank == 0) {
            return peak;
        }
        return (rank & 1) == 1 ? peak - (rank + 1) / 2 : peak + rank / 2;
    }

    long jitterWidth() {
        return width;
    }

    @Override
    double shareOfRanksBelow(long topRanks) {
        // Ranks 0..k-1 are the values from peak - floor(k/2) to peak + floor((k-1)/2).
        long low = peak - topRanks / 2;
        long high = peak + (topRanks - 1) / 2;
        double share = 0;
        for (long average = 0; average < n; average++) {
            double p = probabilityOfAverage(average);
            if (p != 0) {
                share += p * (width < 2 ? (average >= low && average <= high ? 1 : 0)
                        : (double) jittersLandingIn(average, low, high) / width);
            }
        }
        return share;
    }

    /** @return P(ceil(S/12) = x) = P(12x - 12 < S <= 12x), from whichever tail keeps its digits */
    private double probabilityOfAverage(long x) {
        long top = DRAWS * x;
        long bottom = top - DRAWS;
        if (2 * top <= maxSum) {
            return sumAtMost(top) - sumAtMost(bottom);
        }
        // Upper half: P(S > t) = P(S <= maxSum - t - 1) by the symmetry S <-> maxSum - S.
        return sumAtMost(maxSum - bottom - 1) - sumAtMost(maxSum - top - 1);
    }

    /**
     * @return P(S <= t) for the sum of twelve uniforms on {@code 0..n-1}: {@code n^-12} times the number of ways,
     *         {@code sum_j (-1)^j C(12, j) C(t - j n + 12, 12)}, each term computed as a product of ratios near 1
     */
    private double sumAtMost(long t) {
        if (t < 0) {
            return 0;
        }
        if (t >= maxSum) {
            return 1;
        }
        double total = 0;
        for (int j = 0; j <= DRAWS && t - j * n >= 0; j++) {
            long rest = t - j * n;
            double ways = 1;
            for (int i = 1; i <= DRAWS; i++) {
                ways *= (rest + i) / (double) n;
            }
            double term = BINOMIAL[j] * ways / DRAWS_FACTORIAL;
            total += (j & 1) == 0 ? term : -term;
        }
        return total;
    }

    /**
     * @return how many of the {@code w} jitters take the average {@code x} to a value in {@code [low, high]}, after
     *         fio's halving: a jitter {@code J} past the top ({@code x + J >= n}) is halved {@code k} times, where
     *         {@code k} is the least with {@code x + (J >> k) < n}, which holds for {@code J} in
     *         {@code [L 2^(k-1), L 2^k)} with {@code L = n - x}; one past the bottom likewise with {@code -J} and
     *         {@code L = x + 1}
     */
    private long jittersLandingIn(long x, long low, long high) {
        long highestJitter = width - 1 + lowestJitter;
        // Jitters that need no halving.
        long count = overlap(Math.max(Math.max(lowestJitter, -x), low - x),
                Math.min(Math.min(highestJitter, n - 1 - x), high - x));
        // Past the top: J >= n - x, landing on x + (J >> k).
        if (high >= x) {
            count += halvedLandingIn(n - x, highestJitter, Math.max(low - x, 0), high - x);
        }
        // Past the bottom: M = -J >= x + 1, landing on x - (M >> k).
        if (low <= x) {
            count += halvedLandingIn(x + 1, -lowestJitter, Math.max(x - high, 0), x - low);
        }
        return count;
    }

    /**
     * @return how many {@code m} in {@code [limit, largest]} end, after the least number {@code k} of halvings that
     *         brings them below {@code limit}, at {@code m >> k} in {@code [targetLow, targetHigh]}
     */
    private static long halvedLandingIn(long limit, long largest, long targetLow, long targetHigh) {
        long count = 0;
        for (int k = 1; k < 63; k++) {
            long first = shiftedUpTo(limit, k - 1);
            if (first > largest) {
                break;
            }
            long last = Math.min(largest, shiftedUpTo(limit, k) - 1);
            long landLow = shiftedUpTo(targetLow, k);
            long landHigh = shiftedUpTo(targetHigh + 1, k) - 1;
            count += overlap(Math.max(first, landLow), Math.min(last, landHigh));
        }
        return count;
    }

    /** @return {@code value << k}, or {@link Long#MAX_VALUE} where that overflows ({@code value >= 0}) */
    private static long shiftedUpTo(long value, int k) {
        return value > (Long.MAX_VALUE >> k) ? Long.MAX_VALUE : value << k;
    }

    private static long overlap(long from, long to) {
        return to >= from ? to - from + 1 : 0;
    }
}
