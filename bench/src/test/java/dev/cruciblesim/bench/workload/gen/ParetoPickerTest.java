package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static dev.cruciblesim.bench.workload.gen.Statistics.assertProportion;
import static dev.cruciblesim.bench.workload.gen.Statistics.standardErrorsAway;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParetoPickerTest {
    private static final long RANGES = 10_000;
    private static final int DRAWS = 1_000_000;

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.2, 0.5, 0.7, 0.95})
    void shouldFollowFiosFormulaOnTheSameUniforms(double h) {
        // fio, lib/zipf.c: pareto_pow = log(h) / log(1 - h); value = n * pow(rand, pareto_pow) (n, not fio's n - 1),
        // with pow(u, p) as exp(p log u).
        RangePicker picker = RandomDistribution.pareto(h).picker(RANGES);
        double power = StrictMath.log(h) / StrictMath.log(1 - h);
        SplittableRandom random = new SplittableRandom(17);
        SplittableRandom twin = new SplittableRandom(17);
        for (int i = 0; i < 100_000; i++) {
            long value = Math.min((long) (RANGES * StrictMath.exp(power * StrictMath.log(twin.nextDouble()))), RANGES - 1);
            long rank = power >= 1 ? value : RANGES - 1 - value;
            assertEquals(picker.rangeOfRank(rank), picker.next(random));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.2, 0.3, 0.8})
    void shouldGiveTheHottestFractionHTheShareOneMinusH(double h) {
        // The defining property: the hottest h of the ranges get 1 - h of the IOs (h <= 0.5), and mirrored above.
        RangePicker picker = RandomDistribution.pareto(h).picker(RANGES);
        double hotFraction = Math.min(h, 1 - h);
        assertEquals(1 - hotFraction, picker.shareOfTopRanks(Math.round(hotFraction * RANGES)), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.8})
    void shouldPutTheShareOfTheTopRanksThatTheFormulaPredicts(double h) {
        RangePicker picker = RandomDistribution.pareto(h).picker(RANGES);
        long[] hits = topHits(picker, 29, new int[] {1, 10, 100, 2000});
        int[] tops = {1, 10, 100, 2000};
        for (int i = 0; i < tops.length; i++) {
            assertProportion(picker.shareOfTopRanks(tops[i]), hits[i], DRAWS, "h " + h + ", top " + tops[i]);
        }
    }

    @Test
    void shouldTellNeighbouringHApart() {
        long[] hits = topHits(RandomDistribution.pareto(0.2).picker(RANGES), 29, new int[] {100});
        for (double wrong : new double[] {0.19, 0.21}) {
            double share = RandomDistribution.pareto(wrong).picker(RANGES).shareOfTopRanks(100);
            assertTrue(standardErrorsAway(share, hits[0], DRAWS) > Statistics.STANDARD_ERRORS, "h " + wrong);
        }
    }

    @Test
    void shouldReachEveryRange() {
        // fio scales by n - 1, so its last value needs a uniform of exactly 1; scaled by n every range is reachable.
        RangePicker picker = RandomDistribution.pareto(0.5).picker(4);
        SplittableRandom random = new SplittableRandom(1);
        long[] counts = new long[4];
        for (int i = 0; i < 100_000; i++) {
            counts[(int) picker.next(random)]++;
        }
        for (int range = 0; range < 4; range++) {
            assertProportion(0.25, counts[range], 100_000, "range " + range);
        }
    }

    private static long[] topHits(RangePicker picker, long seed, int[] tops) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] hits = new long[tops.length];
        for (int i = 0; i < DRAWS; i++) {
            long rank = picker.rankOf(picker.next(random));
            for (int t = 0; t < tops.length; t++) {
                if (rank < tops[t]) {
                    hits[t]++;
                }
            }
        }
        return hits;
    }
}
