package dev.cruciblesim.bench.workload;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which blocks have an IO in flight. The workloads never put two IOs on one block at once, so
 * the oracle's acknowledged state is exactly what a read must return.
 */
public interface BlockClaims {
    /** @return true if all {@code blockCount} blocks from {@code firstBlock} were free and are now claimed */
    boolean tryClaim(long firstBlock, int blockCount);

    void release(long firstBlock, int blockCount);

    /** For real time, where claims are made on the workload thread and released on the upstairs core thread. */
    static BlockClaims concurrent(long totalBlocks) {
        AtomicIntegerArray busy = new AtomicIntegerArray(Math.toIntExact(totalBlocks));
        return new BlockClaims() {
            @Override
            public boolean tryClaim(long firstBlock, int blockCount) {
                for (int i = 0; i < blockCount; i++) {
                    if (!busy.compareAndSet((int) (firstBlock + i), 0, 1)) {
                        release(firstBlock, i);
                        return false;
                    }
                }
                return true;
            }

            @Override
            public void release(long firstBlock, int blockCount) {
                for (int i = 0; i < blockCount; i++) {
                    busy.set((int) (firstBlock + i), 0);
                }
            }
        };
    }

    /** For virtual time, where everything runs on the scheduler's thread: one bit per block. */
    static BlockClaims singleThreaded(long totalBlocks) {
        long[] words = new long[Math.toIntExact((totalBlocks + 63) >>> 6)];
        return new BlockClaims() {
            @Override
            public boolean tryClaim(long firstBlock, int blockCount) {
                for (int i = 0; i < blockCount; i++) {
                    long block = firstBlock + i;
                    if ((words[(int) (block >>> 6)] & (1L << block)) != 0) {
                        release(firstBlock, i);
                        return false;
                    }
                    words[(int) (block >>> 6)] |= 1L << block;
                }
                return true;
            }

            @Override
            public void release(long firstBlock, int blockCount) {
                for (int i = 0; i < blockCount; i++) {
                    long block = firstBlock + i;
                    words[(int) (block >>> 6)] &= ~(1L << block);
                }
            }
        };
    }
}
