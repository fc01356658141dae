package dev.cruciblesim.sim.protocol;

/** The blocks a read asked for ({@code data} is null when {@code error} is set). */
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
