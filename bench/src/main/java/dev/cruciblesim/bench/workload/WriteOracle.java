package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.block.BlockTokenMap;
import dev.cruciblesim.sim.protocol.BlockStamp;

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
 * <p>The same tokens check either payload: a read of bytes must hold {@link DataPattern}'s content of
 * (block, token) in each block, a read of stamps {@link BlockStamp#of}{@code (block, token)}. They are kept
 * sparse, as runs of blocks with one token ({@link BlockTokenMap}), so the oracle costs what was written
 * (about 12 bytes per block written by small IO, far less for large IO), not the volume's size.
 *
 * <p>Single-threaded: the workload engine owns it, in both runtimes.
 */
public final class WriteOracle {
    private final BlockTokenMap tokens;
    private final int blockSizeBytes;
    private final List<byte[]> patterns = new ArrayList<>();

    public WriteOracle(long totalBlocks, int blockSizeBytes) {
        this.tokens = new BlockTokenMap(totalBlocks);
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
        tokens.assign(firstBlock, blockCount, token);
    }

    public long tokenOf(long block) {
        return tokens.get(block);
    }

    /** Copies the expected tokens of {@code blockCount} blocks from {@code firstBlock} into {@code target}. */
    public void snapshot(long firstBlock, int blockCount, long[] target) {
        tokens.copy(firstBlock, blockCount, target, 0);
    }

    /** @return an estimate of the heap the oracle holds (see {@link BlockTokenMap#retainedBytes()}) */
    public long retainedBytes() {
        return tokens.retainedBytes();
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

    /**
     * @param stamps         what a stamped read of {@code blockCount} blocks from {@code firstBlock} returned
     * @param expectedTokens the tokens {@link #snapshot} took when the read was submitted
     * @return null when every stamp is the one its block's expected token gives, otherwise a message naming the
     *         block, the expected and the actual content
     */
    public String verifyStamps(long firstBlock, int blockCount, long[] stamps, long[] expectedTokens) {
        for (int i = 0; i < blockCount; i++) {
            long block = firstBlock + i;
            if (stamps[i] != BlockStamp.of(block, expectedTokens[i])) {
                return "read verification failed at block " + block + ": expected " + describe(block, expectedTokens[i])
                        + ", got " + describeStamp(block, stamps[i]);
            }
        }
        return null;
    }

    /** @return what a stamp read at {@code block} stands for, in the words a read of bytes would be described */
    private String describeStamp(long block, long stamp) {
        long token = BlockStamp.token(stamp);
        if (BlockStamp.block(stamp) != block) {
            // Another block's content (or a token beyond 2^31): name both halves as they read.
            return BlockStamp.describe(stamp);
        }
        if (token == DataPattern.NEVER_WRITTEN) {
            return "zeros";
        }
        if (token < 0 && -token <= patterns.size()) {
            return "buffer_pattern " + DataPattern.hex(patterns.get((int) (-token - 1)));
        }
        return BlockStamp.describe(stamp);
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
