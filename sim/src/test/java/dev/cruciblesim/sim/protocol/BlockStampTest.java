package dev.cruciblesim.sim.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockStampTest {
    @Test
    void shouldReadBackTheBlockAndTokenOfARunsStamps() {
        long maxBlock = (1L << 32) - 1;
        for (long block : new long[] {0, 1, 4095, maxBlock}) {
            for (long token : new long[] {0, 1, 2, 999_999, Integer.MAX_VALUE, -1, -2, Integer.MIN_VALUE}) {
                long stamp = BlockStamp.of(block, token);
                assertEquals(token, BlockStamp.token(stamp), () -> "token of " + Long.toHexString(stamp));
                assertEquals(block, BlockStamp.block(stamp), () -> "block of " + Long.toHexString(stamp));
                assertEquals(token, BlockStamp.tokenAt(stamp, block));
            }
        }
        assertEquals("block stamp 7, write token 12", BlockStamp.describe(BlockStamp.of(7, 12)));
    }

    @Test
    void shouldGiveEveryTokenOfOneBlockItsOwnStampHoweverLongTheRun() {
        long block = 123_456_789L;
        Set<Long> stamps = new HashSet<>();
        for (long token = 0; token < 10_000; token++) {
            assertTrue(stamps.add(BlockStamp.of(block, token)));
        }
        // Beyond 2^32 writes a stale stamp still differs from the current one (the rotation is one-to-one).
        long current = (1L << 32) + 5;
        assertNotEquals(BlockStamp.of(block, 5), BlockStamp.of(block, current));
        assertEquals(current, BlockStamp.tokenAt(BlockStamp.of(block, current), block));
    }

    @Test
    void shouldTellBlocksOfOneWriteApart() {
        // A read whose blocks come back in the wrong order, or one block in another's place, does not pass.
        assertNotEquals(BlockStamp.of(8, 3), BlockStamp.of(9, 3));
        assertNotEquals(BlockStamp.of(8, 0), BlockStamp.of(9, 0));
    }
}
