package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UniformPickerTest {
    private static final int RANGES = 100;
    private static final int DRAWS = 1_000_000;

    private static double chiSquareAgainstUniform(long[] counts, double[] expectedShares) {
        double chiSquare = 0;
        for (int i = 0; i < counts.length; i++) {
            double expected = expectedShares[i] * DRAWS;
            chiSquare += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        return chiSquare;
    }

    @Test
    void shouldHitEveryRangeEquallyOften() {
        RangePicker picker = RandomDistribution.parse("random").picker(RANGES);
        SplittableRandom random = new SplittableRandom(13);
        long[] counts = new long[RANGES];
        for (int i = 0; i < DRAWS; i++) {
            counts[(int) picker.next(random)]++;
        }
        double[] uniform = new double[RANGES];
        java.util.Arrays.fill(uniform, 1.0 / RANGES);
        double critical = Statistics.chiSquareCritical(RANGES - 1);
        double chiSquare = chiSquareAgainstUniform(counts, uniform);
        assertTrue(chiSquare < critical, "chi-square " + chiSquare + ", critical " + critical);

        // The same test rejects a 2% tilt across the ranges: it has the power to see one.
        double[] tilted = new double[RANGES];
        for (int i = 0; i < RANGES; i++) {
            tilted[i] = (1 + 0.02 * (i < RANGES / 2 ? 1 : -1)) / RANGES;
        }
        assertTrue(chiSquareAgainstUniform(counts, tilted) > critical, "a tilted expectation should be rejected");
    }

    @Test
    void shouldRankRangesAsThemselves() {
        RangePicker picker = RandomDistribution.uniform().picker(RANGES);
        assertEquals(37, picker.rankOf(37));
        assertEquals(37, picker.rangeOfRank(37));
        assertEquals(0.37, picker.shareOfTopRanks(37), 1e-15);
        SplittableRandom random = new SplittableRandom(1);
        SplittableRandom twin = new SplittableRandom(1);
        assertEquals(0, RandomDistribution.uniform().picker(1).next(random));
        assertEquals(twin.nextLong(), random.nextLong(), "one range needs no draw");
    }
}
