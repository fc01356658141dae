package dev.cruciblesim.bench.workload;

import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.upstairs.core.GuestCallback;
import dev.cruciblesim.upstairs.runtime.Guest;

/**
 * One guest IO of a job, reused: a job owns {@code iodepth} of them, so issuing allocates at most the
 * data of a write of bytes (in real time not even that: it comes from the upstairs' pool), and nothing for a
 * write of stamps, which carries its token. It is also its own completion callback and, in virtual
 * time, its own input to the upstairs core.
 *
 * <p>Times, all on the run's clock: intended (when the schedule wanted it issued; the submission
 * time in a closed loop), submitted (handed to the upstairs) and completed (the callback ran).
 */
public final class GuestIo implements GuestCallback, UpstairsInput.GuestRequest {
    final JobRunner job;
    private final WorkloadPort port;
    IoOp op;
    long firstBlock;
    int blockCount;
    byte[] data;
    /** Whether {@link #data} is a write's pooled array ({@link WorkloadPort#writeBuffer}), the upstairs' once sent. */
    boolean pooledData;
    /** Reused by this IO's reads of one size: the upstairs lets go of the buffer before completing. */
    byte[] readBuffer;
    /** Whether this IO moves stamps ({@link Payload#STAMPS}): then {@link #data} is null. */
    boolean stamped;
    /** A stamped read's destination, reused like {@link #readBuffer}; at least {@link #blockCount} long. */
    long[] readStamps;
    /** For a verified read: what the oracle expected of each block when the read was submitted. */
    long[] expectedTokens;
    long token;
    /** Unique within the run: the probes' arg0. */
    long ioId;
    long intendedNs;
    long submittedNs;
    /** Written on the upstairs' thread; the runtime's completion queue publishes them to the engine's thread. */
    long completedNs;
    String error;

    GuestIo(JobRunner job, WorkloadPort port) {
        this.job = job;
        this.port = port;
    }

    @Override
    public IoOp op() {
        return op;
    }

    @Override
    public long blockOffset() {
        return firstBlock;
    }

    @Override
    public byte[] buffer() {
        return data;
    }

    @Override
    public GuestCallback callback() {
        return this;
    }

    @Override
    public boolean pooledBuffer() {
        return pooledData;
    }

    @Override
    public boolean stamped() {
        return stamped;
    }

    @Override
    public int blockCount() {
        return blockCount;
    }

    @Override
    public long stampToken() {
        return token;
    }

    @Override
    public long[] stampBuffer() {
        return readStamps;
    }

    public long firstBlock() {
        return firstBlock;
    }

    /** @return the data written, or the buffer a read fills; null for a flush or a stamped IO */
    public byte[] data() {
        return data;
    }


    /** Stamps the completion time; called by the runtime in {@link WorkloadPort#ioCompleted}. */
    public void completedAt(long nowNs) {
        completedNs = nowNs;
    }

    /** Hands the IO to a real-time guest. */
    public void submitTo(Guest guest) {
        guest.submit(this);
    }

    @Override
    public void onComplete(String failure) {
        this.error = failure;
        JobProbes probes = job.probes();
        if (probes != null) {
            probes.done(op).fire(ioId, job.name());
        }
        port.ioCompleted(this);
    }
}
