package dev.cruciblesim.sim.protocol;

/**
 * The blocks a read asked for: their bytes ({@code data}), or, from a downstairs that stores stamps, one
 * {@link BlockStamp} per block ({@code stamps}); both are null when {@code error} is set. Receivers only read them:
 * {@code data} may be the downstairs store's own copy-on-write block array.
 */
public record ReadResponse(long jobId, byte[] data, long[] stamps, String error)
        implements Message.ToUpstairs, Message.JobReply {
    /** A reply of bytes, or an error when {@code data} is null. */
    public ReadResponse(long jobId, byte[] data, String error) {
        this(jobId, data, null, error);
    }

    /** @return a successful reply carrying one stamp per block read */
    public static ReadResponse ofStamps(long jobId, long[] stamps) {
        return new ReadResponse(jobId, null, stamps, null);
    }

    @Override
    public IoOp op() {
        return IoOp.READ;
    }

    @Override
    public String toString() {
        return "ReadResponse[jobId=" + jobId + (error != null ? ", error=" + error
                : stamps != null ? ", stamps=" + stamps.length : ", bytes=" + (data == null ? 0 : data.length)) + "]";
    }
}
