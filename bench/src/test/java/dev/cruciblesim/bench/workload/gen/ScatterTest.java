package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScatterTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 7, 100, 1000, 1023, 1024, 1025, 4097, 10_007, 65_537, 1_000_003})
    void shouldMapEveryRankToItsOwnRange(long n) {
        for (String distribution : new String[] {"zipf:1.2", "pareto:0.3", "normal:10", "zipf:0.9:0.3"}) {
            RangePicker picker = RandomDistribution.parse(distribution).picker(n);
            BitSet hit = new BitSet((int) n);
            for (long rank = 0; rank < n; rank++) {
                long range = picker.rangeOfRank(rank);
                assertTrue(range >= 0 && range < n, distribution + ": range " + range + " of rank " + rank);
                assertFalse(hit.get((int) range), distribution + ": range " + range + " hit twice");
                hit.set((int) range);
                assertEquals(rank, picker.rankOf(range), distribution + ": inverse of rank " + rank);
            }
            assertEquals(n, hit.cardinality(), distribution);
        }
    }

    @Test
    void shouldInvertAtHugeCounts() {
        for (long n : new long[] {1L << 40, (1L << 40) + 12_345, Long.MAX_VALUE / 12}) {
            Scatter scatter = new Scatter(n, -1);
            for (long rank : new long[] {0, 1, 2, 3, n / 2, n - 2, n - 1}) {
                long range = scatter.rangeOf(rank);
                assertTrue(range >= 0 && range < n, "range " + range);
                assertEquals(rank, scatter.rankOf(range));
            }
        }
    }

    @Test
    void shouldSpreadTheHotRanksOverTheRegion() {
        long n = 10_000;
        Scatter scatter = new Scatter(n, -1);
        assertNotEquals(0, scatter.rangeOf(0), "the hottest range should not be at offset 0");
        // The 100 hottest ranks, over 10 equal bands of the region: none may be empty.
        int[] bands = new int[10];
        for (long rank = 0; rank < 100; rank++) {
            bands[(int) (scatter.rangeOf(rank) * 10 / n)]++;
        }
        for (int band = 0; band < 10; band++) {
            assertTrue(bands[band] > 0, "band " + band + " holds none of the 100 hottest ranks");
        }
    }

    @Test
    void shouldPutRankZeroOnTheAnchor() {
        for (long anchor : new long[] {0, 1, 4999, 9999}) {
            Scatter scatter = new Scatter(10_000, anchor);
            assertEquals(anchor, scatter.rangeOf(0));
            assertEquals(0, scatter.rankOf(anchor));
        }
    }
}
