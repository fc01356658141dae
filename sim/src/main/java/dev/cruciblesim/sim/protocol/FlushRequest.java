package dev.cruciblesim.sim.protocol;

/** Make every write before this job durable and stamp dirty extents with this flush number and generation. */
public record FlushRequest(long jobId, DependencyRange dependencies, long flushNumber, long generation)
        implements Message.JobRequest {
    @Override
    public IoOp op() {
        return IoOp.FLUSH;
    }
}
