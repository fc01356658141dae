package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.protocol.IoOp;

import java.util.SplittableRandom;

/**
 * Decides a random mix's next IO: its operation, then for a read or write a free block range.
 * Shared by the real-time and the virtual-time drivers, so both issue the same kind of load.
 * Single-threaded: only the issuing thread calls it.
 *
 * <p>The operation: a flush when {@code fsync} writes have been issued since the last flush, else
 * a flush with probability {@code flushShare}, else a read with probability {@code readPercent}%.
 * Randomness is drawn only for the choices that exist, so adding a flush share does not reshuffle
 * a mix that has none.
 */
public final class RandomMixChooser {
    /** Gives up after this many random picks that all hit a busy block. */
    static final int PICK_ATTEMPTS = 1000;

    private final RandomMixConfig config;
    private final BlockClaims claims;
    private final SplittableRandom random;
    private final long lastStartBlock;
    private int writesSinceFlush;
    private long nextWriteToken = 1;

    public RandomMixChooser(RandomMixConfig config, long totalBlocks, BlockClaims claims) {
        if (config.ioSizeBlocks() > totalBlocks) {
            throw new IllegalArgumentException("IO size of " + config.ioSizeBlocks() + " blocks exceeds the volume of "
                    + totalBlocks + " blocks");
        }
        this.config = config;
        this.claims = claims;
        this.random = new SplittableRandom(config.seed());
        this.lastStartBlock = totalBlocks - config.ioSizeBlocks();
    }

    public IoOp nextOp() {
        if (config.fsyncEveryWrites() > 0 && writesSinceFlush >= config.fsyncEveryWrites()) {
            writesSinceFlush = 0;
            return IoOp.FLUSH;
        }
        if (config.flushShare() > 0 && random.nextDouble() < config.flushShare()) {
            writesSinceFlush = 0;
            return IoOp.FLUSH;
        }
        if (random.nextInt(100) < config.readPercent()) {
            return IoOp.READ;
        }
        writesSinceFlush++;
        return IoOp.WRITE;
    }

    /** @return the first block of a claimed free range of {@code ioSizeBlocks}, or -1 when none was found */
    public long claimRange() {
        for (int attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
            long block = lastStartBlock == 0 ? 0 : random.nextLong(lastStartBlock + 1);
            if (claims.tryClaim(block, config.ioSizeBlocks())) {
                return block;
            }
        }
        return -1;
    }

    public void release(long firstBlock) {
        claims.release(firstBlock, config.ioSizeBlocks());
    }

    /** @return a token for the next write's data pattern, unique within the run */
    public long nextWriteToken() {
        return nextWriteToken++;
    }

    public String noFreeRangeMessage() {
        return "could not find a free block range of " + config.ioSizeBlocks() + " blocks in " + PICK_ATTEMPTS
                + " attempts; lower the queue depth or the IO size";
    }
}
