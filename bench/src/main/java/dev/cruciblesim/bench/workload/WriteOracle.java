package dev.cruciblesim.bench.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a read must return: for every block, the token of the last write submitted to it (see
 * {@link DataPattern}; negative tokens stand for a fixed {@code buffer_pattern}, 0 for zeros).
 *
 * <p>Submission order, not acknowledgement order, decides: under Crucible's revision O rule every
 * job depends on every earlier unretired job, so each downstairs applies the IOs in the order the
 * guest submitted them, and a read sees exactly the writes submitted before it, acknowledged or
 * not. So IOs may overlap freely (a zipf hot spot, a replayed trace), and a read is checked against
 * a snapshot of the expected tokens taken when it was submitted.
 *
 * <p>Single-threaded: the workload engine owns it, in both runtimes.
 */
public final class WriteOracle {
    private final long[] tokens;
    private final int blockSizeBytes;
    private final List<byte[]> patterns = new ArrayList<>();

    public WriteOracle(long totalBlocks, int blockSizeBytes) {
        if (totalBlocks > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the oracle tracks at most " + (Integer.MAX_VALUE - 8)
                    + " blocks, volume has " + totalBlocks);
        }
        this.tokens = new long[(int) totalBlocks];
        this.blockSizeBytes = blockSizeBytes;
    }

    /**
     * @param pattern the bytes every block of a write repeats from its first byte (fio's {@code buffer_pattern})
     * @return the (negative) token that stands for blocks written with it
     */
    public long patternToken(byte[] pattern) {
        for (int i = 0; i < patterns.size(); i++) {
            if (Arrays.equals(patterns.get(i), pattern)) {
                return -1L - i;
            }
        }
        patterns.add(pattern.clone());
        return -(long) patterns.size();
    }

    /** Records that a write of {@code blockCount} blocks at {@code firstBlock} with {@code token} was submitted. */
    public void written(long firstBlock, int blockCount, long token) {
        Arrays.fill(tokens, (int) firstBlock, (int) firstBlock + blockCount, token);
    }

    public long tokenOf(long block) {
        return tokens[(int) block];
    }

    /** Copies the expected tokens of {@code blockCount} blocks from {@code firstBlock} into {@code target}. */
    public void snapshot(long firstBlock, int blockCount, long[] target) {
        System.arraycopy(tokens, (int) firstBlock, target, 0, blockCount);
    }

    /** Fills one block of {@code target} at {@code offset} with what {@code token} stands for at {@code block}. */
    public void fill(byte[] target, int offset, long block, long token) {
        if (token < 0) {
            DataPattern.fillRepeating(target, offset, blockSizeBytes, patterns.get((int) (-token - 1)));
        } else {
            DataPattern.fill(target, offset, blockSizeBytes, block, token);
        }
    }

    /** @return null when {@code data} (read from {@code firstBlock}) is what was submitted so far, else why not */
    public String verify(long firstBlock, byte[] data) {
        int blockCount = data.length / blockSizeBytes;
        long[] expected = new long[blockCount];
        snapshot(firstBlock, blockCount, expected);
        return verify(firstBlock, data, expected);
    }

    /**
     * @param expectedTokens the tokens {@link #snapshot} took when the read was submitted
     * @return null when {@code data} matches, otherwise a message naming the block, the expected and the actual content
     */
    public String verify(long firstBlock, byte[] data, long[] expectedTokens) {
        int blockCount = data.length / blockSizeBytes;
        for (int i = 0; i < blockCount; i++) {
            long block = firstBlock + i;
            long token = expectedTokens[i];
            int offset = i * blockSizeBytes;
            boolean matches = token < 0
                    ? DataPattern.matchesRepeating(data, offset, blockSizeBytes, patterns.get((int) (-token - 1)))
                    : DataPattern.matches(data, offset, blockSizeBytes, block, token);
            if (!matches) {
                return "read verification failed at block " + block + ": expected " + describe(block, token)
                        + ", got " + DataPattern.describe(data, offset, blockSizeBytes);
            }
        }
        return null;
    }

    private String describe(long block, long token) {
        if (token == DataPattern.NEVER_WRITTEN) {
            return "zeros (never written, or written with zero_buffers)";
        }
        if (token < 0) {
            return "buffer_pattern " + DataPattern.hex(patterns.get((int) (-token - 1)));
        }
        return "block stamp " + block + ", write token " + token;
    }
}
