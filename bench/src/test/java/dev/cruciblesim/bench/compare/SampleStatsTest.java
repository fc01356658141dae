package dev.cruciblesim.bench.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleStatsTest {
    @Test
    void uTestMatchesRsExactTwoSidedPValue() {
        // R's ?wilcox.test example (Hollander & Wolfe): W = 35, one-sided "greater" p = 0.1272, so two-sided 0.2544.
        double[] x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
        double[] y = {1.15, 0.88, 0.90, 0.74, 1.21};
        assertEquals(0.2544, SampleStats.uTestPValue(x, y), 0.0001);
    }

    @Test
    void completeSeparationOfFourAndFourGivesTheSmallestPossiblePValue() {
        double[] low = {1, 2, 3, 4};
        double[] high = {5, 6, 7, 8};
        assertEquals(2.0 / 70, SampleStats.uTestPValue(low, high), 1e-12);
        assertEquals(2.0 / 70, SampleStats.smallestPValue(4, 4), 1e-12);
    }

    @Test
    void smallestPValueSaysWhenNoDataCanReachFivePercent() {
        assertEquals(1, SampleStats.smallestPValue(1, 1), 1e-12);
        assertEquals(1.0 / 3, SampleStats.smallestPValue(2, 2), 1e-12);
        assertEquals(0.1, SampleStats.smallestPValue(3, 3), 1e-12);
        assertEquals(2.0 / 9, SampleStats.smallestPValue(1, 8), 1e-12);
        assertTrue(SampleStats.smallestPValue(4, 4) < 0.05);
        assertEquals(1, SampleStats.smallestPValue(0, 8), 1e-12);
    }

    @Test
    void identicalConstantSamplesHaveNothingToRankApart() {
        assertEquals(1, SampleStats.uTestPValue(new double[] {7, 7, 7, 7}, new double[] {7, 7, 7, 7}));
    }

    @Test
    void medianIntervalFromOrderStatistics() {
        // n = 10: P(B <= 1) = 11/1024, coverage 0.9785 >= 0.95; P(B <= 2) = 56/1024, 0.8906 < 0.95: [x(2), x(9)].
        SampleStats.MedianInterval ten = SampleStats.medianInterval(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.95);
        assertEquals(5.5, ten.median());
        assertEquals(2, ten.low());
        assertEquals(9, ten.high());
        // n = 6 is the smallest with a finite 95 % interval: 1 - 2 / 64 = 0.969, the whole range.
        SampleStats.MedianInterval six = SampleStats.medianInterval(new double[] {3, 1, 4, 1, 5, 9}, 0.95);
        assertEquals(3.5, six.median());
        assertEquals(1, six.low());
        assertEquals(9, six.high());
        // n = 5: 1 - 2 / 32 = 0.9375, no interval of order statistics reaches 95 %.
        assertFalse(SampleStats.medianInterval(new double[] {1, 2, 3, 4, 5}, 0.95).finite());
        // n = 20: P(B <= 5) = 0.0207, coverage 0.9586; P(B <= 6) = 0.0577: [x(6), x(15)].
        double[] twenty = new double[20];
        for (int i = 0; i < twenty.length; i++) {
            twenty[i] = i + 1;
        }
        SampleStats.MedianInterval interval = SampleStats.medianInterval(twenty, 0.95);
        assertEquals(6, interval.low());
        assertEquals(15, interval.high());
    }

    @Test
    void binomialProbabilitiesStayFiniteForLargeSamples() {
        assertEquals(1.0 / 1024, SampleStats.binomialHalf(10, 0), 1e-15);
        assertEquals(252.0 / 1024, SampleStats.binomialHalf(10, 5), 1e-15);
        assertTrue(SampleStats.binomialHalf(5000, 2500) > 0);
        assertTrue(SampleStats.medianInterval(new double[5000], 0.95).finite());
    }
}
