package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.upstairs.core.GuestCallback;
import dev.cruciblesim.upstairs.runtime.Guest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
        Run run = new Run(region, oracle);
        return run.execute(guest);
    }

    private final class Run {
        private final WriteOracle oracle;
        private final int blockSize;
        private final int ioBytes;
        private final Semaphore slots = new Semaphore(config.queueDepth());
        private final RandomMixChooser chooser;
        private final GuestLatency latency = new GuestLatency();
        private final AtomicLong reads = new AtomicLong();
        private final AtomicLong writes = new AtomicLong();
        private final AtomicLong flushes = new AtomicLong();
        private final AtomicLong verified = new AtomicLong();
        private final AtomicLong failureCount = new AtomicLong();
        private final List<String> failures = new ArrayList<>();

        Run(RegionDefinition region, WriteOracle oracle) {
            this.oracle = oracle;
            this.blockSize = region.blockSizeBytes();
            this.ioBytes = config.ioSizeBlocks() * blockSize;
            this.chooser = new RandomMixChooser(config, region.totalBlocks(),
                    BlockClaims.concurrent(region.totalBlocks()));
        }

        WorkloadResult execute(Guest guest) throws InterruptedException {
            long startNs = clock.nanoTime();
            long deadlineNs = startNs + config.durationNs();
            long issued = 0;
            while (failureCount.get() == 0
                    && (config.maxIos() == 0 || issued < config.maxIos())
                    && (config.durationNs() <= 0 || clock.nanoTime() - deadlineNs < 0)) {
                if (!slots.tryAcquire(drainTimeoutMs, TimeUnit.MILLISECONDS)) {
                    fail("no IO completed within " + drainTimeoutMs + " ms (queue depth " + config.queueDepth() + ")");
                    break;
                }
                issued++;
                IoOp op = chooser.nextOp();
                if (op == IoOp.FLUSH) {
                    long submittedNs = clock.nanoTime();
                    guest.flush(error -> {
                        latency.record(IoOp.FLUSH, clock.nanoTime() - submittedNs, 0);
                        completed(flushes, error, "flush");
                    });
                    continue;
                }
                long block = chooser.claimRange();
                if (block < 0) {
                    slots.release();
                    fail(chooser.noFreeRangeMessage());
                    break;
                }
                if (op == IoOp.READ) {
                    byte[] buffer = new byte[ioBytes];
                    guest.read(block, buffer, new ReadDone(block, buffer, clock.nanoTime()));
                } else {
                    long token = chooser.nextWriteToken();
                    byte[] data = new byte[ioBytes];
                    for (int i = 0; i < config.ioSizeBlocks(); i++) {
                        DataPattern.fill(data, i * blockSize, blockSize, block + i, token);
                    }
                    guest.write(block, data, new WriteDone(block, token, clock.nanoTime()));
                }
            }
            if (!slots.tryAcquire(config.queueDepth(), drainTimeoutMs, TimeUnit.MILLISECONDS)) {
                fail((config.queueDepth() - slots.availablePermits()) + " IOs did not complete within "
                        + drainTimeoutMs + " ms of the end of the run");
            }
            long elapsedNs = clock.nanoTime() - startNs;
            synchronized (failures) {
                return new WorkloadResult(reads.get(), writes.get(), flushes.get(), verified.get(), elapsedNs,
                        failureCount.get(), failures, latency);
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
            private final long submittedNs;

            ReadDone(long block, byte[] buffer, long submittedNs) {
                this.block = block;
                this.buffer = buffer;
                this.submittedNs = submittedNs;
            }

            @Override
            public void onComplete(String error) {
                latency.record(IoOp.READ, clock.nanoTime() - submittedNs, buffer.length);
                if (error == null && oracle != null) {
                    String mismatch = oracle.verify(block, buffer);
                    if (mismatch == null) {
                        verified.incrementAndGet();
                    } else {
                        fail(mismatch);
                    }
                }
                chooser.release(block);
                completed(reads, error, "read of block " + block);
            }
        }

        private final class WriteDone implements GuestCallback {
            private final long block;
            private final long token;
            private final long submittedNs;

            WriteDone(long block, long token, long submittedNs) {
                this.block = block;
                this.token = token;
                this.submittedNs = submittedNs;
            }

            @Override
            public void onComplete(String error) {
                latency.record(IoOp.WRITE, clock.nanoTime() - submittedNs, (long) config.ioSizeBlocks() * blockSize);
                if (error == null && oracle != null) {
                    oracle.acknowledged(block, config.ioSizeBlocks(), token);
                }
                chooser.release(block);
                completed(writes, error, "write of block " + block);
            }
        }
    }
}
