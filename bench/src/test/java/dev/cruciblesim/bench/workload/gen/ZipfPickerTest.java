package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static dev.cruciblesim.bench.workload.gen.Statistics.assertProportion;
import static dev.cruciblesim.bench.workload.gen.Statistics.standardErrorsAway;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZipfPickerTest {
    private static final int DRAWS = 1_000_000;
    private static final long RANGES = 10_000;

    /** @return how many of {@code DRAWS} draws landed on each rank */
    private static long[] rankCounts(RangePicker picker, long seed, int ranksKept) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] counts = new long[ranksKept + 1];
        for (int i = 0; i < DRAWS; i++) {
            long rank = picker.rankOf(picker.next(random));
            counts[(int) Math.min(rank, ranksKept)]++;
        }
        return counts;
    }

    private static long hitsBelow(long[] counts, int topRanks) {
        long hits = 0;
        for (int r = 0; r < topRanks; r++) {
            hits += counts[r];
        }
        return hits;
    }

    private static double exactShare(double theta, long top, long n) {
        double part = 0;
        double all = 0;
        for (long k = n; k >= 1; k--) {
            double term = Math.pow(k, -theta);
            all += term;
            if (k <= top) {
                part += term;
            }
        }
        return part / all;
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.2, 0.8, 1.0})
    void shouldPutTheShareOfTheTopRanksThatZipfPredicts(double theta) {
        RangePicker picker = RandomDistribution.zipf(theta).picker(RANGES);
        long[] counts = rankCounts(picker, 42, 100);
        for (int top : new int[] {1, 10, 100}) {
            double share = picker.shareOfTopRanks(top);
            assertEquals(exactShare(theta, top, RANGES), share, 1e-12, "top " + top);
            assertProportion(share, hitsBelow(counts, top), DRAWS, "theta " + theta + ", top " + top);
        }
    }

    @Test
    void shouldGiveEachOfTheFirstRanksItsOwnProbability() {
        double theta = 1.2;
        RangePicker picker = RandomDistribution.zipf(theta).picker(RANGES);
        long[] counts = rankCounts(picker, 7, 20);
        double normaliser = picker.shareOfTopRanks(1); // 1 / H(n, theta)
        for (int r = 0; r < 20; r++) {
            double p = normaliser * Math.pow(r + 1, -theta);
            assertProportion(p, counts[r], DRAWS, "rank " + r);
        }
    }

    @Test
    void shouldTellThetasApart() {
        // The same test fails for a neighbouring theta: it has the power to see a wrong exponent.
        RangePicker drawn = RandomDistribution.zipf(1.2).picker(RANGES);
        long[] counts = rankCounts(drawn, 42, 100);
        for (double wrongTheta : new double[] {1.15, 1.25}) {
            double wrongShare = RandomDistribution.zipf(wrongTheta).picker(RANGES).shareOfTopRanks(10);
            assertTrue(standardErrorsAway(wrongShare, hitsBelow(counts, 10), DRAWS) > Statistics.STANDARD_ERRORS,
                    "theta " + wrongTheta + " should be rejected");
        }
    }

    @Test
    void shouldStayExactOverAHugeRegionWithoutATable() {
        long ranges = 1L << 26;
        RangePicker picker = RandomDistribution.zipf(1.2).picker(ranges);
        long[] counts = rankCounts(picker, 3, 100);
        for (int top : new int[] {1, 10, 100}) {
            assertProportion(picker.shareOfTopRanks(top), hitsBelow(counts, top), DRAWS, "top " + top);
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            long range = picker.next(random);
            assertTrue(range >= 0 && range < ranges, "range " + range);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.5, 0.999_999, 1.0, 1.2, 2.5, 40})
    void shouldSumTheHarmonicNumberExactlyBeyondTheDirectPart(double theta) {
        ZipfPicker picker = (ZipfPicker) RandomDistribution.zipf(theta).picker(3);
        long m = 1_000_003;
        double direct = 0;
        for (long k = m; k >= 1; k--) {
            direct += Math.pow(k, -theta);
        }
        assertEquals(direct, picker.harmonic(m), direct * 1e-13);
    }

    @Test
    void shouldHandleExtremeExponents() {
        RangePicker steep = RandomDistribution.zipf(40).picker(1000);
        RangePicker flat = RandomDistribution.zipf(1e-6).picker(1000);
        SplittableRandom random = new SplittableRandom(11);
        long firstRank = 0;
        long flatLowHalf = 0;
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            firstRank += steep.rankOf(steep.next(random)) == 0 ? 1 : 0;
            flatLowHalf += flat.rankOf(flat.next(random)) < 500 ? 1 : 0;
        }
        assertProportion(steep.shareOfTopRanks(1), firstRank, draws, "theta 40, rank 0");
        assertProportion(flat.shareOfTopRanks(500), flatLowHalf, draws, "theta 1e-6, lower half");
    }

    @Test
    void shouldAlwaysPickRangeZeroOfOneWithoutDrawing() {
        RangePicker picker = RandomDistribution.zipf(1.2).picker(1);
        SplittableRandom random = new SplittableRandom(9);
        SplittableRandom twin = new SplittableRandom(9);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, picker.next(random));
        }
        assertEquals(twin.nextLong(), random.nextLong());
        assertEquals(1.0, picker.shareOfTopRanks(1));
    }

    @Test
    void shouldPutTheMostLikelyRangeAtTheCenter() {
        RangePicker picker = RandomDistribution.parse("zipf:1.2:0.25").picker(RANGES);
        assertEquals(2500, picker.rangeOfRank(0));
        assertEquals(0, picker.rankOf(2500));
        RangePicker atOne = RandomDistribution.parse("zipf:1.2:1").picker(RANGES);
        assertEquals(0, atOne.rangeOfRank(0));
    }

    @Test
    void shouldMatchTheSamplerAcrossTheRangeNotJustAtTheTop() {
        // A chi-square over 50 bands of ranks, equal in expected hits beyond the head, checks the whole shape.
        RangePicker picker = RandomDistribution.zipf(0.8).picker(RANGES);
        SplittableRandom random = new SplittableRandom(21);
        int bands = 50;
        long[] bandEnds = new long[bands];
        for (int b = 0; b < bands; b++) {
            double target = (b + 1) / (double) bands;
            long low = 1;
            long high = RANGES;
            while (low < high) {
                long mid = (low + high) >>> 1;
                if (picker.shareOfTopRanks(mid) >= target - 1e-12) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            bandEnds[b] = low;
        }
        long[] counts = new long[bands];
        for (int i = 0; i < DRAWS; i++) {
            long rank = picker.rankOf(picker.next(random));
            int b = 0;
            while (rank >= bandEnds[b]) {
                b++;
            }
            counts[b]++;
        }
        double chiSquare = 0;
        double previous = 0;
        for (int b = 0; b < bands; b++) {
            double share = picker.shareOfTopRanks(bandEnds[b]);
            double expected = (share - previous) * DRAWS;
            previous = share;
            chiSquare += (counts[b] - expected) * (counts[b] - expected) / expected;
        }
        double critical = Statistics.chiSquareCritical(bands - 1);
        assertTrue(chiSquare < critical, "chi-square " + chiSquare + " over " + bands + " bands, critical " + critical);
    }
}
