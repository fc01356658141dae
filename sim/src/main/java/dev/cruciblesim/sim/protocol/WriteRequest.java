package dev.cruciblesim.sim.protocol;

/**
 * Write {@code data} (a whole number of blocks) starting at region block {@code blockOffset}.
 * The array is shared, not copied, by the in-process transport: nobody may change it once sent,
 * and an in-memory downstairs may keep it as the block itself.
 */
public record WriteRequest(long jobId, DependencyRange dependencies, long blockOffset, byte[] data)
        implements Message.JobRequest {
    @Override
    public IoOp op() {
        return IoOp.WRITE;
    }

    @Override
    public String toString() {
        return "WriteRequest[jobId=" + jobId + ", dependencies=" + dependencies + ", blockOffset=" + blockOffset
                + ", bytes=" + data.length + "]";
    }
}
