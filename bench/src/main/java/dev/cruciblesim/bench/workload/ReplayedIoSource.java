package dev.cruciblesim.bench.workload;

import dev.cruciblesim.bench.workload.trace.Trace;
import dev.cruciblesim.bench.workload.trace.TraceOp;
import dev.cruciblesim.sim.protocol.IoOp;

/**
 * A trace's IOs in order. Trims are left out (Crucible has no trim) and counted; everything else
 * was checked against the volume when the scenario was loaded.
 */
final class ReplayedIoSource implements IoSource {
    private final Trace trace;
    private final ReplaySpec replay;
    private final int blockSizeBytes;
    /** Indices of the trace's records that are issued: all but the trims. */
    private final int[] issued;
    private final long skippedTrims;
    /** The timeline starts at the first IO, as fio's replay does: a trace with absolute times does not idle first. */
    private final long firstTimeNs;
    private int nextIssue;
    private int nextArrival;

    ReplayedIoSource(ReplaySpec replay, int blockSizeBytes) {
        this.trace = replay.trace();
        this.replay = replay;
        this.blockSizeBytes = blockSizeBytes;
        int[] kept = new int[trace.size()];
        int count = 0;
        for (int i = 0; i < trace.size(); i++) {
            if (trace.op(i) != TraceOp.TRIM) {
                kept[count++] = i;
            }
        }
        this.issued = java.util.Arrays.copyOf(kept, count);
        this.skippedTrims = trace.size() - count;
        this.firstTimeNs = count == 0 ? 0 : trace.timeNs(issued[0]);
    }

    @Override
    public boolean next(GuestIo io) {
        if (nextIssue >= issued.length) {
            return false;
        }
        int record = issued[nextIssue++];
        TraceOp op = trace.op(record);
        if (op == TraceOp.FLUSH) {
            io.op = IoOp.FLUSH;
            io.firstBlock = 0;
            io.blockCount = 0;
        } else {
            io.op = op == TraceOp.READ ? IoOp.READ : IoOp.WRITE;
            io.firstBlock = trace.offsetBytes(record) / blockSizeBytes;
            io.blockCount = trace.lengthBytes(record) / blockSizeBytes;
        }
        return true;
    }

    /** @return whether another IO's recorded time remains on the timeline */
    boolean hasArrival() {
        return nextArrival < issued.length;
    }

    /** @return the next IO's time on the replay's timeline, relative to the start; advances */
    long nextArrivalOffsetNs() {
        return replay.scaledNs(trace.timeNs(issued[nextArrival++]) - firstTimeNs);
    }

    long skippedTrims() {
        return skippedTrims;
    }
}
