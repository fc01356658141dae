package dev.cruciblesim.sim.protocol;

/** A flush finished on one downstairs; {@code error} is null on success. */
public record FlushAck(long jobId, String error) implements Message.ToUpstairs, Message.JobReply {
    @Override
    public IoOp op() {
        return IoOp.FLUSH;
    }
}
