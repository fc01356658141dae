package dev.cruciblesim.sim.protocol;

/** A write finished on one downstairs; {@code error} is null on success. */
public record WriteAck(long jobId, String error) implements Message.ToUpstairs, Message.JobReply {
    @Override
    public IoOp op() {
        return IoOp.WRITE;
    }
}
