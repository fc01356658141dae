package dev.cruciblesim.bench.workload;

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
    void shouldAcceptExactlyTheLastAcknowledgedWrite() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        byte[] data = new byte[2 * BLOCK];
        DataPattern.fill(data, 0, BLOCK, 4, 7);
        DataPattern.fill(data, BLOCK, BLOCK, 5, 7);
        oracle.acknowledged(4, 2, 7);
        assertNull(oracle.verify(4, data));

        oracle.acknowledged(5, 1, 8);
        String mismatch = oracle.verify(4, data);
        assertEquals("read verification failed at block 5: expected block stamp 5, write token 8, got block stamp 5,"
                + " write token 7", mismatch);
    }

    @Test
    void shouldNameTheBlockWhenWrittenDataReadsAsZeros() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        oracle.acknowledged(2, 1, 99);
        String mismatch = oracle.verify(2, new byte[BLOCK]);
        assertTrue(mismatch.contains("block 2") && mismatch.contains("token 99") && mismatch.contains("zeros"),
                mismatch);
    }

    @Test
    void shouldDetectASingleFlippedByte() {
        WriteOracle oracle = new WriteOracle(8, BLOCK);
        byte[] data = new byte[BLOCK];
        DataPattern.fill(data, 0, BLOCK, 1, 3);
        oracle.acknowledged(1, 1, 3);
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
}
