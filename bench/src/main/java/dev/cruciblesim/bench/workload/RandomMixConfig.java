package dev.cruciblesim.bench.workload;

/**
 * A closed-loop mix of random reads and writes with periodic flushes, in fio's terms. Validation
 * messages name the {@code run} option that sets each field.
 *
 * @param ioSizeBlocks     blocks per read or write (fio {@code bs} divided by the block size)
 * @param readPercent      share of reads among reads and writes, 0..100 (fio {@code rwmixread})
 * @param fsyncEveryWrites a flush after every this many writes, 0 for none (fio {@code fsync=N})
 * @param queueDepth       IOs kept in flight (fio {@code iodepth})
 * @param durationNs       how long to issue IO (fio {@code runtime})
 * @param maxIos           stop after this many IOs including flushes, 0 for no limit (fio {@code number_ios})
 * @param seed             seeds the choice of operations and offsets
 */
public record RandomMixConfig(int ioSizeBlocks, int readPercent, int fsyncEveryWrites, int queueDepth, long durationNs,
        long maxIos, long seed) {
    public RandomMixConfig {
        if (ioSizeBlocks < 1) {
            throw new IllegalArgumentException("--io-blocks must be at least 1, got " + ioSizeBlocks);
        }
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("--read-percent must be 0..100, got " + readPercent);
        }
        if (fsyncEveryWrites < 0) {
            throw new IllegalArgumentException("--fsync must be at least 0, got " + fsyncEveryWrites);
        }
        if (queueDepth < 1) {
            throw new IllegalArgumentException("--queue-depth must be at least 1, got " + queueDepth);
        }
        if (durationNs <= 0 && maxIos <= 0) {
            throw new IllegalArgumentException("--duration and --ios are both 0: a workload needs a positive duration or IO count");
        }
        if (maxIos < 0) {
            throw new IllegalArgumentException("--ios must be at least 0, got " + maxIos);
        }
    }
}
