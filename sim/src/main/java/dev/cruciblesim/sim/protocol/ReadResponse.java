package dev.cruciblesim.sim.protocol;

/**
 * The blocks a read asked for ({@code data} is null when {@code error} is set). Receivers only read
 * {@code data}: it may be the downstairs store's own copy-on-write block array.
 */
public record ReadResponse(long jobId, byte[] data, String error) implements Message.ToUpstairs, Message.JobReply {
    @Override
    public IoOp op() {
        return IoOp.READ;
    }

    @Override
    public String toString() {
        return "ReadResponse[jobId=" + jobId + (error == null ? ", bytes=" + data.length : ", error=" + error) + "]";
    }
}
