package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.upstairs.core.GuestCallback;
import dev.cruciblesim.upstairs.runtime.Guest;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link RandomMixConfig} against a guest in real time, from the calling thread, and checks
 * every read against the {@link WriteOracle}.
 *
 * <p>Two IOs never touch the same block at the same time (a busy flag per block), so the oracle's
 * acknowledged state is exactly what a read must return. Completions run on the upstairs core
 * thread; they only record, verify and hand the queue slot back.
 */
public final class RandomMixWorkload {
    private static final int MAX_FAILURES_KEPT = 10;
    private static final int PICK_ATTEMPTS = 1000;

    private final RandomMixConfig config;
    private final NanoClock clock;
    private final long drainTimeoutMs;

    public RandomMixWorkload(RandomMixConfig config, NanoClock clock, long drainTimeoutMs) {
        this.config = config;
        this.clock = clock;
        this.drainTimeoutMs = drainTimeoutMs;
    }

    /** @param oracle checks every read and learns every acknowledged write; null runs without verification */
    public WorkloadResult run(Guest guest, WriteOracle oracle) throws InterruptedException {
        RegionDefinition region = guest.region();
        if (region == null) {
            throw new IllegalStateException("the guest's upstairs is not active");
        }
        if (config.ioSizeBlocks() > region.totalBlocks()) {
            throw new IllegalArgumentException("IO size of " + config.ioSizeBlocks() + " blocks exceeds the volume of "
                    + region.totalBlocks() + " blocks");
        }
        Run run = new Run(region, oracle);
        return run.execute(guest);
    }

    private final class Run {
        private final RegionDefinition region;
        private final WriteOracle oracle;
        private final int blockSize;
        private final int ioBytes;
        private final long lastStartBlock;
        private final Semaphore slots = new Semaphore(config.queueDepth());
        private final AtomicIntegerArray busy;
        private final SplittableRandom random = new SplittableRandom(config.seed());
        private final AtomicLong reads = new AtomicLong();
        private final AtomicLong writes = new AtomicLong();
        private final AtomicLong flushes = new AtomicLong();
        private final AtomicLong verified = new AtomicLong();
        private final AtomicLong failureCount = new AtomicLong();
        private final List<String> failures = new ArrayList<>();
        /** Used only by completions, which all run on the upstairs core thread. */
        private final byte[] verifyScratch;
        private long nextToken = 1;

        Run(RegionDefinition region, WriteOracle oracle) {
            this.region = region;
            this.oracle = oracle;
            this.blockSize = region.blockSizeBytes();
            this.ioBytes = config.ioSizeBlocks() * blockSize;
            this.lastStartBlock = region.totalBlocks() - config.ioSizeBlocks();
            this.busy = new AtomicIntegerArray((int) Math.min(Integer.MAX_VALUE, region.totalBlocks()));
            this.verifyScratch = new byte[blockSize];
        }

        WorkloadResult execute(Guest guest) throws InterruptedException {
            long startNs = clock.nanoTime();
            long deadlineNs = startNs + config.durationNs();
            long issued = 0;
            int writesSinceFlush = 0;
            while (failureCount.get() == 0
                    && (config.maxIos() == 0 || issued < config.maxIos())
                    && (config.durationNs() <= 0 || clock.nanoTime() - deadlineNs < 0)) {
                if (!slots.tryAcquire(drainTimeoutMs, TimeUnit.MILLISECONDS)) {
                    fail("no IO completed within " + drainTimeoutMs + " ms (queue depth " + config.queueDepth() + ")");
                    break;
                }
                issued++;
                if (config.fsyncEveryWrites() > 0 && writesSinceFlush >= config.fsyncEveryWrites()) {
                    writesSinceFlush = 0;
                    guest.flush(error -> completed(flushes, error, "flush"));
                    continue;
                }
                long block = pickFreeRange();
                if (block < 0) {
                    slots.release();
                    fail("could not find a free block range of " + config.ioSizeBlocks() + " blocks in "
                            + PICK_ATTEMPTS + " attempts; lower the queue depth or the IO size");
                    break;
                }
                if (random.nextInt(100) < config.readPercent()) {
                    byte[] buffer = new byte[ioBytes];
                    guest.read(block, buffer, new ReadDone(block, buffer));
                } else {
                    long token = nextToken++;
                    byte[] data = new byte[ioBytes];
                    for (int i = 0; i < config.ioSizeBlocks(); i++) {
                        DataPattern.fill(data, i * blockSize, blockSize, block + i, token);
                    }
                    writesSinceFlush++;
                    guest.write(block, data, new WriteDone(block, token));
                }
            }
            if (!slots.tryAcquire(config.queueDepth(), drainTimeoutMs, TimeUnit.MILLISECONDS)) {
                fail((config.queueDepth() - slots.availablePermits()) + " IOs did not complete within "
                        + drainTimeoutMs + " ms of the end of the run");
            }
            long elapsedNs = clock.nanoTime() - startNs;
            synchronized (failures) {
                return new WorkloadResult(reads.get(), writes.get(), flushes.get(), verified.get(), elapsedNs,
                        failureCount.get(), failures);
            }
        }

        private long pickFreeRange() {
            for (int attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
                long block = lastStartBlock == 0 ? 0 : random.nextLong(lastStartBlock + 1);
                if (claim(block)) {
                    return block;
                }
            }
            return -1;
        }

        private boolean claim(long block) {
            for (int i = 0; i < config.ioSizeBlocks(); i++) {
                if (!busy.compareAndSet((int) (block + i), 0, 1)) {
                    for (int k = 0; k < i; k++) {
                        busy.set((int) (block + k), 0);
                    }
                    return false;
                }
            }
            return true;
        }

        private void release(long block) {
            for (int i = 0; i < config.ioSizeBlocks(); i++) {
                busy.set((int) (block + i), 0);
            }
        }

        private void completed(AtomicLong counter, String error, String what) {
            counter.incrementAndGet();
            if (error != null) {
                fail(what + " failed: " + error);
            }
            slots.release();
        }

        private void fail(String message) {
            failureCount.incrementAndGet();
            synchronized (failures) {
                if (failures.size() < MAX_FAILURES_KEPT) {
                    failures.add(message);
                }
            }
        }

        private final class ReadDone implements GuestCallback {
            private final long block;
            private final byte[] buffer;

            ReadDone(long block, byte[] buffer) {
                this.block = block;
                this.buffer = buffer;
            }

            @Override
            public void onComplete(String error) {
                if (error == null && oracle != null) {
                    String mismatch = oracle.verify(block, buffer, verifyScratch);
                    if (mismatch == null) {
                        verified.incrementAndGet();
                    } else {
                        fail(mismatch);
                    }
                }
                release(block);
                completed(reads, error, "read of block " + block);
            }
        }

        private final class WriteDone implements GuestCallback {
            private final long block;
            private final long token;

            WriteDone(long block, long token) {
                this.block = block;
                this.token = token;
            }

            @Override
            public void onComplete(String error) {
                if (error == null && oracle != null) {
                    oracle.acknowledged(block, config.ioSizeBlocks(), token);
                }
                release(block);
                completed(writes, error, "write of block " + block);
            }
        }
    }
}
