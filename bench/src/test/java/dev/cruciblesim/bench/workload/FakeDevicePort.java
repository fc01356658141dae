package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.protocol.IoOp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A {@link WorkloadPort} on an {@link EventScheduler} with a device in memory instead of an upstairs: each IO is
 * applied to the device when submitted (as Crucible's revision O orders jobs by submission) and completes a service
 * time later. Records every issued IO with its exact times, for tests of the engine's schedule and choices.
 */
final class FakeDevicePort implements WorkloadPort, EventHandler {
    /** One issued IO as the engine handed it over. */
    record Issued(IoOp op, long firstBlock, int blockCount, long intendedNs, long submittedNs) {
    }

    final EventScheduler scheduler = new EventScheduler(1_000_000_000L);
    final List<Issued> issued = new ArrayList<>();
    private final Map<Long, byte[]> blocks = new HashMap<>();
    private final int blockSizeBytes;
    private final ToLongFunction<GuestIo> serviceNs;
    WorkloadEngine engine;
    /** Set to make the device return a wrong byte for reads of this block. */
    long corruptBlock = -1;

    FakeDevicePort(int blockSizeBytes, ToLongFunction<GuestIo> serviceNs) {
        this.blockSizeBytes = blockSizeBytes;
        this.serviceNs = serviceNs;
    }

    /** Runs the scheduler until the engine finishes; fails the test if it stalls. */
    void runToEnd() {
        while (!engine.finished()) {
            if (!scheduler.runNext()) {
                throw new AssertionError("the engine stalled before finishing");
            }
        }
    }

    @Override
    public long nowNs() {
        return scheduler.nanoTime();
    }

    @Override
    public void schedule(long atNs, EventHandler handler, Object payload, long arg) {
        scheduler.schedule(atNs, handler, payload, arg);
    }

    @Override
    public void submit(GuestIo io) {
        issued.add(new Issued(io.op(), io.firstBlock(), io.blockCount(), io.intendedNs, io.submittedNs));
        for (int i = 0; i < io.blockCount(); i++) {
            long block = io.firstBlock() + i;
            if (io.op() == IoOp.WRITE) {
                byte[] copy = new byte[blockSizeBytes];
                System.arraycopy(io.data(), i * blockSizeBytes, copy, 0, blockSizeBytes);
                blocks.put(block, copy);
            } else if (io.op() == IoOp.READ) {
                byte[] stored = blocks.get(block);
                if (stored == null) {
                    java.util.Arrays.fill(io.data(), i * blockSizeBytes, (i + 1) * blockSizeBytes, (byte) 0);
                } else {
                    System.arraycopy(stored, 0, io.data(), i * blockSizeBytes, blockSizeBytes);
                }
                if (block == corruptBlock) {
                    io.data()[i * blockSizeBytes + blockSizeBytes - 1] ^= 1;
                }
            }
        }
        scheduler.schedule(scheduler.nanoTime() + serviceNs.applyAsLong(io), (payload, arg) -> io.onComplete(null),
                null, 0);
    }

    @Override
    public void ioCompleted(GuestIo io) {
        io.completedAt(scheduler.nanoTime());
        scheduler.scheduleNow(this, io, 0);
    }

    @Override
    public void onEvent(Object payload, long arg) {
        engine.completed((GuestIo) payload);
    }
}
