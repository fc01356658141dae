package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.bench.workload.BlockClaims;
import dev.cruciblesim.bench.workload.DataPattern;
import dev.cruciblesim.bench.workload.GuestLatency;
import dev.cruciblesim.bench.workload.RandomMixChooser;
import dev.cruciblesim.bench.workload.RandomMixConfig;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.bench.workload.WriteOracle;
import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.upstairs.core.GuestCallback;
import dev.cruciblesim.upstairs.core.UpstairsCore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link RandomMixConfig} in virtual time: {@code queueDepth} slots, each issuing its next IO in
 * the instant its previous one completes (a closed loop with no think time), until the IO count or
 * the duration is reached. Every read is checked against the {@link WriteOracle}.
 *
 * <p>A slot is the IO, its completion callback and its issuing event in one reused object, so the
 * loop allocates only the data arrays themselves.
 */
final class VirtualMixWorkload {
    private static final int MAX_FAILURES_KEPT = 10;

    private final RandomMixConfig config;
    private final EventScheduler scheduler;
    private final SimulatedUpstairs upstairs;
    private final WriteOracle oracle;
    private final Runnable onFinished;
    private final RandomMixChooser chooser;
    private final GuestLatency latency = new GuestLatency();
    private final int blockSizeBytes;
    private final int ioSizeBytes;
    private final List<String> failures = new ArrayList<>();
    private long startNs;
    private long finishedNs;
    private long issued;
    private int activeSlots;
    private long reads;
    private long writes;
    private long flushes;
    private long verifiedReads;
    private long failureCount;

    /**
     * @param oracle     checks every read and learns every acknowledged write; null runs without verification
     * @param onFinished runs, in an event of its own, once every slot has retired
     */
    VirtualMixWorkload(RandomMixConfig config, RegionDefinition region, EventScheduler scheduler,
            SimulatedUpstairs upstairs, WriteOracle oracle, Runnable onFinished) {
        this.config = config;
        this.scheduler = scheduler;
        this.upstairs = upstairs;
        this.oracle = oracle;
        this.onFinished = onFinished;
        this.chooser = new RandomMixChooser(config, region.totalBlocks(),
                BlockClaims.singleThreaded(region.totalBlocks()));
        this.blockSizeBytes = region.blockSizeBytes();
        this.ioSizeBytes = config.ioSizeBlocks() * blockSizeBytes;
    }

    void start() {
        startNs = scheduler.nanoTime();
        activeSlots = config.queueDepth();
        for (int i = 0; i < config.queueDepth(); i++) {
            scheduler.scheduleNow(new Slot(), null, 0);
        }
    }

    /** @return true once every slot has retired */
    boolean finished() {
        return activeSlots == 0 && startNs != 0;
    }

    /** Records a failure that stops the load, e.g. the upstairs going fatal. */
    void fail(String message) {
        failureCount++;
        if (failures.size() < MAX_FAILURES_KEPT) {
            failures.add(message);
        }
    }

    WorkloadResult result() {
        long endNs = finished() ? finishedNs : scheduler.nanoTime();
        return new WorkloadResult(reads, writes, flushes, verifiedReads, endNs - startNs, failureCount, failures,
                latency);
    }

    long issued() {
        return issued;
    }


    private boolean limitReached() {
        return failureCount > 0
                || (config.maxIos() > 0 && issued >= config.maxIos())
                || (config.durationNs() > 0 && scheduler.nanoTime() - startNs >= config.durationNs());
    }

    private void retire() {
        if (--activeSlots == 0) {
            finishedNs = scheduler.nanoTime();
            scheduler.scheduleNow((payload, arg) -> onFinished.run(), null, 0);
        }
    }

    /** One queue-depth slot: issues an IO, applies it to the core, completes it, issues the next. */
    private final class Slot implements EventHandler, Consumer<UpstairsCore>, GuestCallback {
        private IoOp op;
        private long block;
        private byte[] data;
        /**
         * Reused by this slot's reads: the upstairs lets go of a guest buffer before the completion
         * callback, so it is free again by the time the slot issues its next IO.
         */
        private byte[] readBuffer;
        private long token;
        private long submittedNs;

        /** The issuing event: the start, or the instant after the previous IO completed. */
        @Override
        public void onEvent(Object payload, long arg) {
            if (limitReached()) {
                retire();
                return;
            }
            op = chooser.nextOp();
            if (op != IoOp.FLUSH) {
                block = chooser.claimRange();
                if (block < 0) {
                    fail(chooser.noFreeRangeMessage());
                    retire();
                    return;
                }
                if (op == IoOp.READ) {
                    if (readBuffer == null) {
                        readBuffer = new byte[ioSizeBytes];
                    }
                    data = readBuffer;
                } else {
                    // A write's array travels to three downstairs and may outlive the ack: always fresh.
                    data = new byte[ioSizeBytes];
                    token = chooser.nextWriteToken();
                    for (int i = 0; i < config.ioSizeBlocks(); i++) {
                        DataPattern.fill(data, i * blockSizeBytes, blockSizeBytes, block + i, token);
                    }
                }
            }
            issued++;
            submittedNs = scheduler.nanoTime();
            upstairs.deliverCall(this);
        }

        /** Applied by the simulated upstairs, after its processing time if it has one. */
        @Override
        public void accept(UpstairsCore core) {
            switch (op) {
                case READ -> core.applyRead(block, data, this);
                case WRITE -> core.applyWrite(block, data, this);
                default -> core.applyFlush(this);
            }
        }

        @Override
        public void onComplete(String error) {
            latency.record(op, scheduler.nanoTime() - submittedNs, op == IoOp.FLUSH ? 0 : ioSizeBytes);
            switch (op) {
                case READ -> {
                    reads++;
                    if (error == null && oracle != null) {
                        String mismatch = oracle.verify(block, data);
                        if (mismatch == null) {
                            verifiedReads++;
                        } else {
                            fail(mismatch);
                        }
                    }
                }
                case WRITE -> {
                    writes++;
                    if (error == null && oracle != null) {
                        oracle.acknowledged(block, config.ioSizeBlocks(), token);
                    }
                }
                default -> flushes++;
            }
            if (error != null) {
                fail(op.probeName() + (op == IoOp.FLUSH ? "" : " of block " + block) + " failed: " + error);
            }
            if (op != IoOp.FLUSH) {
                chooser.release(block);
            }
            data = null;
            // Not from inside the core's callback: the next IO is issued in an event of its own.
            scheduler.scheduleNow(this, null, 0);
        }
    }
}
