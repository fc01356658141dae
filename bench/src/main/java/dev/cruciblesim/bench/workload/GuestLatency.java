package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;

/**
 * Guest-side latencies of one kind (service or response, see {@link JobResult}) per operation, with
 * the bytes moved. Written by the workload engine's thread, read after the run. The histograms have
 * {@link LatencyHistograms}' shape, the reports' metrics' too; latencies outside it are clamped to it.
 */
public final class GuestLatency {
    private final Histogram[] histograms = new Histogram[IoOp.values().length];
    private final long[] bytes = new long[IoOp.values().length];

    public GuestLatency() {
        for (IoOp op : IoOp.values()) {
            histograms[op.ordinal()] = LatencyHistograms.newHistogram();
        }
    }

    public void record(IoOp op, long latencyNs, long ioSizeBytes) {
        histograms[op.ordinal()].recordValue(Math.min(Math.max(latencyNs, 0), LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS));
        bytes[op.ordinal()] += ioSizeBytes;
    }

    /** Records {@code count} latencies of 0 for {@code op}, moving no bytes. */
    public void recordZeros(IoOp op, long count) {
        if (count > 0) {
            histograms[op.ordinal()].recordValueWithCount(0, count);
        }
    }

    /** Adds {@code other}'s latencies and bytes of {@code op} to this one's. */
    public void add(IoOp op, GuestLatency other) {
        histograms[op.ordinal()].add(other.histograms[op.ordinal()]);
        bytes[op.ordinal()] += other.bytes[op.ordinal()];
    }

    /** @return a new histogram of every operation's latencies together */
    public Histogram allOperations() {
        Histogram all = LatencyHistograms.newHistogram();
        for (Histogram histogram : histograms) {
            all.add(histogram);
        }
        return all;
    }

    /** @return the histogram of {@code op}'s latencies in nanoseconds; not a copy */
    public Histogram histogram(IoOp op) {
        return histograms[op.ordinal()];
    }

    public long bytes(IoOp op) {
        return bytes[op.ordinal()];
    }
}
