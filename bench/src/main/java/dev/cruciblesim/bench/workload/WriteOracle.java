package dev.cruciblesim.bench.workload;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the guest was told is on the volume: for every block, the token of the last write that was
 * acknowledged (see {@link DataPattern}). A read is correct when every block it returned carries
 * exactly that pattern. The workload never has two IOs on one block in flight at once, so the
 * acknowledged state is the only state a read may see.
 */
public final class WriteOracle {
    private final AtomicLongArray tokens;
    private final int blockSizeBytes;

    public WriteOracle(long totalBlocks, int blockSizeBytes) {
        if (totalBlocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the oracle tracks at most " + Integer.MAX_VALUE + " blocks, volume has "
                    + totalBlocks);
        }
        this.tokens = new AtomicLongArray((int) totalBlocks);
        this.blockSizeBytes = blockSizeBytes;
    }

    /** Records that the write of {@code blockCount} blocks at {@code blockOffset} with {@code token} was acknowledged. */
    public void acknowledged(long blockOffset, int blockCount, long token) {
        for (int i = 0; i < blockCount; i++) {
            tokens.set((int) (blockOffset + i), token);
        }
    }

    public long tokenOf(long block) {
        return tokens.get((int) block);
    }

    /**
     * @return null when {@code data} (read from {@code blockOffset}) matches what was acknowledged,
     *         otherwise a message naming the block, the expected and the actual content
     */
    public String verify(long blockOffset, byte[] data) {
        int blockCount = data.length / blockSizeBytes;
        for (int i = 0; i < blockCount; i++) {
            long block = blockOffset + i;
            long token = tokenOf(block);
            if (!DataPattern.matches(data, i * blockSizeBytes, blockSizeBytes, block, token)) {
                return "read verification failed at block " + block + ": expected "
                        + (token == DataPattern.NEVER_WRITTEN ? "zeros (never written)"
                                : "block stamp " + block + ", write token " + token)
                        + ", got " + DataPattern.describe(data, i * blockSizeBytes, blockSizeBytes);
            }
        }
        return null;
    }
}
