package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.protocol.IoOp;
import org.HdrHistogram.Histogram;

/**
 * Latency as the guest sees it, from handing an IO to the upstairs to its completion callback, per
 * operation, with the bytes moved: what fio reports as {@code lat_ns}. Written by one thread at a
 * time (the thread that runs completions), read after the run.
 */
public final class GuestLatency {
    /** One hour in nanoseconds: longer latencies are clamped (and would mean a hung run anyway). */
    public static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram[] histograms = new Histogram[IoOp.values().length];
    private final long[] bytes = new long[IoOp.values().length];

    public GuestLatency() {
        for (IoOp op : IoOp.values()) {
            histograms[op.ordinal()] = new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        }
    }

    public void record(IoOp op, long latencyNs, long ioSizeBytes) {
        histograms[op.ordinal()].recordValue(Math.min(Math.max(latencyNs, 0), HIGHEST_TRACKABLE_NS));
        bytes[op.ordinal()] += ioSizeBytes;
    }

    /** @return the histogram of {@code op}'s latencies in nanoseconds; not a copy */
    public Histogram histogram(IoOp op) {
        return histograms[op.ordinal()];
    }

    public long bytes(IoOp op) {
        return bytes[op.ordinal()];
    }
}
