package dev.cruciblesim.sim.block;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockTokenMapTest {
    @Test
    void shouldAgreeWithADenseArrayThroughRandomAssignments() {
        // Several segments, an odd end, a few tokens (0 among them) so that runs split, join and vanish.
        int totalBlocks = 5 * BlockTokenMap.SEGMENT_BLOCKS + 123;
        BlockTokenMap map = new BlockTokenMap(totalBlocks);
        long[] dense = new long[totalBlocks];
        SplittableRandom random = new SplittableRandom(11);
        for (int step = 0; step < 20_000; step++) {
            int first = random.nextInt(totalBlocks);
            int count = 1 + random.nextInt(random.nextBoolean() ? 4 : Math.min(3000, totalBlocks - first));
            count = Math.min(count, totalBlocks - first);
            long token = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 3 : 1_000_000);
            map.assign(first, count, token);
            Arrays.fill(dense, first, first + count, token);
            if (step % 97 == 0) {
                assertSameContent(dense, map);
            }
            int readFirst = random.nextInt(totalBlocks);
            int readCount = 1 + random.nextInt(totalBlocks - readFirst);
            long[] read = new long[readCount + 2];
            map.copy(readFirst, readCount, read, 1);
            assertArrayEquals(Arrays.copyOfRange(dense, readFirst, readFirst + readCount),
                    Arrays.copyOfRange(read, 1, readCount + 1), "step " + step);
            assertEquals(0, read[0]);
            assertEquals(0, read[readCount + 1], "nothing written past the range copied");
        }
        assertSameContent(dense, map);
    }

    private static void assertSameContent(long[] dense, BlockTokenMap map) {
        long maximalRuns = 0;
        for (int block = 0; block < dense.length; block++) {
            assertEquals(dense[block], map.get(block), "block " + block);
            boolean startsRun = block % BlockTokenMap.SEGMENT_BLOCKS == 0 || dense[block - 1] != dense[block];
            if (dense[block] != 0 && startsRun) {
                maximalRuns++;
            }
        }
        // Runs are kept maximal within a segment: same-token neighbours are always joined.
        assertEquals(maximalRuns, map.runCount());
    }

    @Test
    void shouldKeepALargeWriteAsOneRunPerSegment() {
        BlockTokenMap map = new BlockTokenMap(1L << 28);
        map.assign(4096, 256, 7);
        assertEquals(1, map.runCount(), "a 1 MiB write of 4 KiB blocks inside one segment");
        map.assign(1000, 100, 8);
        assertEquals(3, map.runCount(), "a write across a segment boundary is one run in each segment it touches");
        assertEquals(8, map.get(1023));
        assertEquals(8, map.get(1024));
        assertEquals(0, map.get(1100));
    }

    @Test
    void shouldStayFlatWhenTheSameBlocksAreWrittenAgainAndAgain() {
        BlockTokenMap map = new BlockTokenMap(1L << 32);
        SplittableRandom random = new SplittableRandom(3);
        long[] blocks = new long[10_000];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = random.nextLong(1L << 32);
        }
        long token = 1;
        for (long block : blocks) {
            map.assign(block, 1, token++);
        }
        long runs = map.runCount();
        long bytes = map.retainedBytes();
        for (int round = 0; round < 20; round++) {
            for (long block : blocks) {
                map.assign(block, 1, token++);
            }
        }
        assertEquals(runs, map.runCount(), "overwriting replaces runs");
        assertEquals(bytes, map.retainedBytes(), "and the memory they hold");
        // A few bytes a block, beside the table that follows the volume's size (4 bytes per 1024 blocks).
        assertTrue(map.segmentBytes() < 200L * blocks.length, map.segmentBytes() + " bytes");
        assertEquals(16 + 4L * (1L << 22), map.retainedBytes() - map.segmentBytes());
    }

    @Test
    void shouldFreeASegmentWrittenBackToZeros() {
        BlockTokenMap map = new BlockTokenMap(4096);
        assertEquals(0, map.segmentBytes());
        map.assign(10, 5, 3);
        map.assign(12, 1, 4);
        assertEquals(3, map.runCount(), "a write inside a run splits it");
        assertTrue(map.segmentBytes() > 0);
        map.assign(0, 1024, 0);
        assertEquals(0, map.runCount());
        assertEquals(0, map.segmentBytes(), "an empty segment holds nothing");
    }

    @Test
    void shouldTurnASegmentOfManyRunsDenseAndFreeItOnceAllZeros() {
        BlockTokenMap map = new BlockTokenMap(2 * BlockTokenMap.SEGMENT_BLOCKS);
        int runs = BlockTokenMap.DENSE_RUNS;
        for (int block = 0; block < 2 * runs; block += 2) {
            map.assign(block, 1, 100 + block);
        }
        assertEquals(runs, map.runCount());
        assertTrue(map.segmentBytes() < BlockTokenMap.DENSE_SEGMENT_BYTES, runs + " runs still fit as runs");
        map.assign(1, 1, 7);
        assertEquals(BlockTokenMap.DENSE_SEGMENT_BYTES, map.segmentBytes(), "one run more makes it dense");
        assertEquals(runs + 1, map.runCount());
        assertEquals(7, map.get(1));
        assertEquals(102, map.get(2));
        assertEquals(0, map.get(3));
        long[] read = new long[4];
        map.copy(0, 4, read, 0);
        assertArrayEquals(new long[] {100, 7, 102, 0}, read);
        map.assign(0, BlockTokenMap.SEGMENT_BLOCKS, 0);
        assertEquals(0, map.segmentBytes());
        assertEquals(0, map.get(2));
    }

    @Test
    void shouldRefuseRangesOutsideTheMap() {
        BlockTokenMap map = new BlockTokenMap(100);
        assertThrows(IndexOutOfBoundsException.class, () -> map.assign(99, 2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> map.assign(-1, 1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> map.get(100));
        assertThrows(IndexOutOfBoundsException.class, () -> map.copy(Long.MAX_VALUE, 2, new long[2], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> map.copy(0, 3, new long[2], 0));
        assertThrows(IllegalArgumentException.class, () -> new BlockTokenMap(BlockTokenMap.MAX_BLOCKS + 1));
    }
}
