package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.stats.LatencyDistribution;
import dev.cruciblesim.tracing.stats.LatencyHistograms;

/**
 * Guest-side latencies of one kind (service or response, see {@link JobResult}) per operation, with
 * the bytes moved. Written by the workload engine's thread, read after the run. Each operation's
 * latencies are a {@link LatencyDistribution}: a histogram of {@link LatencyHistograms}' shape, the
 * reports' metrics' too, with the exact min, max and sum beside it; latencies outside the shape are
 * clamped to it.
 */
public final class GuestLatency {
    private final LatencyDistribution[] latencies = new LatencyDistribution[IoOp.values().length];
    private final long[] bytes = new long[IoOp.values().length];

    public GuestLatency() {
        for (IoOp op : IoOp.values()) {
            latencies[op.ordinal()] = new LatencyDistribution();
        }
    }

    /** Records one IO; allocates nothing. */
    public void record(IoOp op, long latencyNs, long ioSizeBytes) {
        latencies[op.ordinal()].record(latencyNs);
        bytes[op.ordinal()] += ioSizeBytes;
    }

    /** Records {@code count} latencies of 0 for {@code op}, moving no bytes. */
    public void recordZeros(IoOp op, long count) {
        latencies[op.ordinal()].recordWithCount(0, count);
    }

    /** Adds {@code other}'s latencies and bytes of {@code op} to this one's. */
    public void add(IoOp op, GuestLatency other) {
        latencies[op.ordinal()].add(other.latencies[op.ordinal()]);
        bytes[op.ordinal()] += other.bytes[op.ordinal()];
    }

    /** @return a new distribution of every operation's latencies together */
    public LatencyDistribution allOperations() {
        LatencyDistribution all = new LatencyDistribution();
        for (LatencyDistribution latency : latencies) {
            all.add(latency);
        }
        return all;
    }

    /** @return {@code op}'s latencies in nanoseconds; not a copy */
    public LatencyDistribution of(IoOp op) {
        return latencies[op.ordinal()];
    }

    public long bytes(IoOp op) {
        return bytes[op.ordinal()];
    }
}
