package dev.cruciblesim.bench.workload;

/**
 * A closed-loop mix of random reads and writes with flushes, in fio's terms.
 *
 * @param ioSizeBlocks     blocks per read or write (fio {@code bs} divided by the block size)
 * @param readPercent      share of reads among reads and writes, 0..100 (fio {@code rwmixread})
 * @param fsyncEveryWrites a flush after every this many writes, 0 for none (fio {@code fsync=N})
 * @param flushShare       the probability, 0..1, that an IO is a flush rather than a read or write
 * @param queueDepth       IOs kept in flight (fio {@code iodepth})
 * @param durationNs       how long to issue IO (fio {@code runtime}), 0 for no limit
 * @param maxIos           stop after this many IOs including flushes, 0 for no limit (fio {@code number_ios})
 * @param seed             seeds the choice of operations and offsets
 */
public record RandomMixConfig(int ioSizeBlocks, int readPercent, int fsyncEveryWrites, double flushShare,
        int queueDepth, long durationNs, long maxIos, long seed) {
    public RandomMixConfig {
        if (ioSizeBlocks < 1) {
            throw new IllegalArgumentException("IO size must be at least 1 block, got " + ioSizeBlocks);
        }
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("read percentage must be 0..100, got " + readPercent);
        }
        if (fsyncEveryWrites < 0) {
            throw new IllegalArgumentException("fsync must be at least 0, got " + fsyncEveryWrites);
        }
        if (!(flushShare >= 0 && flushShare <= 1)) {
            throw new IllegalArgumentException("flush share must be 0..1, got " + flushShare);
        }
        if (queueDepth < 1) {
            throw new IllegalArgumentException("queue depth must be at least 1, got " + queueDepth);
        }
        if (durationNs < 0 || maxIos < 0) {
            throw new IllegalArgumentException("duration and IO count cannot be negative");
        }
        if (durationNs == 0 && maxIos == 0) {
            throw new IllegalArgumentException("a workload needs a positive duration or IO count");
        }
    }
}
