package dev.cruciblesim.sim.protocol;

/** Read {@code blockCount} blocks starting at region block {@code blockOffset}. */
public record ReadRequest(long jobId, DependencyRange dependencies, long blockOffset, int blockCount)
        implements Message.JobRequest {
    @Override
    public IoOp op() {
        return IoOp.READ;
    }
}
