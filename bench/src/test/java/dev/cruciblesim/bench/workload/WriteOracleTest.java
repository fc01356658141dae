package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.protocol.BlockStamp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteOracleTest {
    private static final int BLOCK = 512;

    @Test
    void shouldAcceptZerosForBlocksNeverWritten() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        assertNull(oracle.verify(3, new byte[2 * BLOCK]));
    }

    @Test
    void shouldAcceptExactlyTheLastSubmittedWrite() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        byte[] data = new byte[2 * BLOCK];
        DataPattern.fill(data, 0, BLOCK, 4, 7);
        DataPattern.fill(data, BLOCK, BLOCK, 5, 7);
        oracle.written(4, 2, 7);
        assertNull(oracle.verify(4, data));

        oracle.written(5, 1, 8);
        String mismatch = oracle.verify(4, data);
        assertEquals("read verification failed at block 5: expected block stamp 5, write token 8, got block stamp 5,"
                + " write token 7", mismatch);
    }

    @Test
    void shouldNameTheBlockWhenWrittenDataReadsAsZeros() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        oracle.written(2, 1, 99);
        String mismatch = oracle.verify(2, new byte[BLOCK]);
        assertTrue(mismatch.contains("block 2") && mismatch.contains("token 99") && mismatch.endsWith("got zeros"),
                mismatch);
    }

    @Test
    void shouldDetectASingleFlippedByte() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        byte[] data = new byte[BLOCK];
        DataPattern.fill(data, 0, BLOCK, 1, 3);
        oracle.written(1, 1, 3);
        data[BLOCK - 1] ^= 1;
        assertTrue(oracle.verify(1, data).startsWith("read verification failed at block 1"));
    }

    @Test
    void shouldMakeDifferentBlocksAndTokensDiffer() {
        byte[] a = new byte[BLOCK];
        byte[] b = new byte[BLOCK];
        DataPattern.fill(a, 0, BLOCK, 1, 3);
        DataPattern.fill(b, 0, BLOCK, 2, 3);
        assertTrue(!java.util.Arrays.equals(a, 16, BLOCK, b, 16, BLOCK), "payloads of different blocks differ");
        DataPattern.fill(b, 0, BLOCK, 1, 4);
        assertTrue(!java.util.Arrays.equals(a, 16, BLOCK, b, 16, BLOCK), "payloads of different tokens differ");
    }

    @Test
    void shouldCheckAReadAgainstTheSnapshotTakenWhenItWasSubmitted() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        oracle.written(3, 1, 5);
        long[] expected = new long[1];
        oracle.snapshot(3, 1, expected);
        // A write submitted after the read does not change what the read must return.
        oracle.written(3, 1, 6);
        byte[] data = new byte[BLOCK];
        DataPattern.fill(data, 0, BLOCK, 3, 5);
        assertNull(oracle.verify(3, data, expected));
        assertTrue(oracle.verify(3, data).contains("write token 6"));
    }

    @Test
    void shouldVerifyBuffersWrittenWithAPattern() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        byte[] pattern = {(byte) 0xde, (byte) 0xad, (byte) 0xbe};
        long token = oracle.patternToken(pattern);
        assertTrue(token < 0);
        assertEquals(token, oracle.patternToken(pattern.clone()), "one token per distinct pattern");
        byte[] data = new byte[2 * BLOCK];
        oracle.fill(data, 0, 4, token);
        oracle.fill(data, BLOCK, 5, token);
        oracle.written(4, 2, token);
        assertNull(oracle.verify(4, data));
        assertEquals((byte) 0xde, data[BLOCK + 3], "the pattern restarts at every block");
        data[BLOCK + 7] ^= 1;
        assertTrue(oracle.verify(4, data).startsWith("read verification failed at block 5: expected buffer_pattern 0xdeadbe"),
                oracle.verify(4, data));
    }

    @Test
    void shouldAcceptExactlyTheStampsOfTheLastSubmittedWrites() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        oracle.written(4, 2, 7);
        long[] expected = new long[3];
        oracle.snapshot(3, 3, expected);
        long[] stamps = {BlockStamp.of(3, 0), BlockStamp.of(4, 7), BlockStamp.of(5, 7)};
        assertNull(oracle.verifyStamps(3, 3, stamps, expected));

        long[] stale = {BlockStamp.of(3, 0), BlockStamp.of(4, 7), BlockStamp.of(5, 6)};
        assertEquals("read verification failed at block 5: expected block stamp 5, write token 7, got block stamp 5,"
                + " write token 6", oracle.verifyStamps(3, 3, stale, expected));
        long[] neverWritten = {BlockStamp.of(3, 0), BlockStamp.of(4, 7), BlockStamp.of(5, 0)};
        assertEquals("read verification failed at block 5: expected block stamp 5, write token 7, got zeros",
                oracle.verifyStamps(3, 3, neverWritten, expected));
    }

    @Test
    void shouldRefuseTheStampsOfAWritesBlocksOutOfOrder() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        oracle.written(4, 2, 7);
        long[] expected = new long[2];
        oracle.snapshot(4, 2, expected);
        long[] swapped = {BlockStamp.of(5, 7), BlockStamp.of(4, 7)};
        assertEquals("read verification failed at block 4: expected block stamp 4, write token 7, got block stamp 5,"
                + " write token 7", oracle.verifyStamps(4, 2, swapped, expected));
    }

    @Test
    void shouldNameThePatternAStampStandsFor() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        long token = oracle.patternToken(new byte[] {(byte) 0xde, (byte) 0xad});
        oracle.written(2, 1, token);
        long[] expected = new long[1];
        oracle.snapshot(2, 1, expected);
        assertNull(oracle.verifyStamps(2, 1, new long[] {BlockStamp.of(2, token)}, expected));
        assertEquals("read verification failed at block 2: expected zeros (never written, or written with "
                + "zero_buffers), got buffer_pattern 0xdead", oracle.verifyStamps(2, 1,
                        new long[] {BlockStamp.of(2, token)}, new long[1]));
    }

    @Test
    void shouldTrackAVolumeOfTwoToTheThirtyTwoBlocksInWhatWasWritten() {
        WriteOracle oracle = new WriteOracle(1L << 32, 4096);
        for (long i = 0; i < 1000; i++) {
            oracle.written(i * 4_000_037L, 1, i + 1);
        }
        oracle.written((1L << 32) - 256, 256, 5_000);
        assertEquals(1000, oracle.tokenOf(999 * 4_000_037L));
        assertEquals(5_000, oracle.tokenOf((1L << 32) - 1));
        // The segment table (4 bytes per 1024 blocks, 16 MiB) plus about 100 bytes for each of 1001 writes.
        assertTrue(oracle.retainedBytes() < (16L << 20) + 200_000, oracle.retainedBytes() + " bytes");
    }
}
