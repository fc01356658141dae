package dev.cruciblesim.sim.latency;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyMathTest {
    @Test
    void shouldComputeTheNormalDistributionFunctionWithin1e7() {
        // Reference values: 0.5 * erfc(-x / sqrt(2)) in double precision (Python math.erfc).
        double[][] xAndPhi = {
            {-3.0, 0.0013498980316300957},
            {-1.5, 0.06680720126885809},
            {-0.5, 0.3085375387259869},
            {0.0, 0.5},
            {0.5, 0.6914624612740131},
            {1.0, 0.8413447460685429},
            {2.0, 0.9772498680518208},
            {4.0, 0.9999683287581669},
        };
        for (double[] pair : xAndPhi) {
            assertEquals(pair[1], LatencyMath.bigPhi(pair[0]), 1.5e-7, "Phi(" + pair[0] + ")");
        }
    }

    @Test
    void shouldComputeTheTruncatedNormalMean() {
        assertEquals(3004.4378390421257, TruncatedNormalLatencyModel.truncatedMeanNs(3_000, 1_000), 1e-3);
        assertEquals(1009.1604338370336, TruncatedNormalLatencyModel.truncatedMeanNs(500, 1_000), 1e-3);
        assertEquals(797.8845608028654, TruncatedNormalLatencyModel.truncatedMeanNs(0, 1_000), 1e-3);
    }

    @Test
    void shouldDrawStandardNormalsWithMeanZeroAndVarianceOne() {
        SplittableRandom random = new SplittableRandom(21);
        int n = 400_000;
        double sum = 0;
        double squares = 0;
        long withinOneSigma = 0;
        for (int i = 0; i < n; i++) {
            double z = LatencyMath.standardNormal(random);
            sum += z;
            squares += z * z;
            if (Math.abs(z) < 1) {
                withinOneSigma++;
            }
        }
        assertEquals(0, sum / n, 5 / Math.sqrt(n));
        assertEquals(1, squares / n, 5 * Math.sqrt(2.0 / n));
        double share = 0.6826894921370859;
        assertEquals(share, withinOneSigma / (double) n, 5 * Math.sqrt(share * (1 - share) / n));
    }

    @Test
    void shouldPutStandardNormalsInEveryBandIncludingTheTailsInTheRightShares() {
        // The ziggurat handles |z| > 3.44 in a separate tail path and the layer edges in wedges:
        // a mistake in either shows up as a wrong share in some band.
        double[] edges = {Double.NEGATIVE_INFINITY, -4, -3.442619855899, -3, -2, -1, 0, 1, 2, 3, 3.442619855899, 4,
            Double.POSITIVE_INFINITY};
        long[] counts = new long[edges.length - 1];
        SplittableRandom random = new SplittableRandom(77);
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            double z = LatencyMath.standardNormal(random);
            int band = 0;
            while (z >= edges[band + 1]) {
                band++;
            }
            counts[band]++;
        }
        for (int band = 0; band < counts.length; band++) {
            double expected = LatencyMath.bigPhi(edges[band + 1]) - LatencyMath.bigPhi(edges[band]);
            double share = counts[band] / (double) n;
            double standardError = Math.sqrt(expected * (1 - expected) / n);
            assertEquals(expected, share, 5 * standardError + 2e-7,
                    "band [" + edges[band] + ", " + edges[band + 1] + ")");
        }
    }

    @Test
    void shouldPutStandardExponentialsInEveryBandIncludingTheTailInTheRightShares() {
        // 7.697 is where the exponential ziggurat's tail path starts.
        double[] edges = {0, 0.01, 0.1, 0.5, 1, 2, 4, 6, 7.697117470131487, 9, Double.POSITIVE_INFINITY};
        long[] counts = new long[edges.length - 1];
        SplittableRandom random = new SplittableRandom(78);
        int n = 2_000_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = LatencyMath.standardExponential(random);
            assertTrue(x >= 0, "negative draw " + x);
            sum += x;
            int band = 0;
            while (x >= edges[band + 1]) {
                band++;
            }
            counts[band]++;
        }
        assertEquals(1.0, sum / n, 5 / Math.sqrt(n));
        for (int band = 0; band < counts.length; band++) {
            double expected = StrictMath.exp(-edges[band]) - StrictMath.exp(-edges[band + 1]);
            double share = counts[band] / (double) n;
            double standardError = Math.sqrt(expected * (1 - expected) / n);
            assertEquals(expected, share, 5 * standardError + 2e-7,
                    "band [" + edges[band] + ", " + edges[band + 1] + ")");
        }
    }
}
