package dev.cruciblesim.sim.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * Write {@code data} (a whole number of blocks) starting at region block {@code blockOffset}.
 * The array is shared, not copied, by the in-process transport: nobody may change it once sent,
 * and an in-memory downstairs may keep it as the block itself.
 *
 * <p>Not a record, for one reason: {@link #blocks} splits a multi-block payload into per-block
 * arrays once per request, and the three downstairs that store the same request in one JVM share
 * that split instead of each copying the data, which for large writes was most of the memory a
 * simulated volume holds and most of its garbage-collection work.
 */
public final class WriteRequest implements Message.JobRequest {
    private final long jobId;
    private final DependencyRange dependencies;
    private final long blockOffset;
    private final byte[] data;
    /** The per-block split, made by the first downstairs that asks; volatile, as downstairs threads share it. */
    private volatile byte[][] blocks;

    public WriteRequest(long jobId, DependencyRange dependencies, long blockOffset, byte[] data) {
        this.jobId = jobId;
        this.dependencies = dependencies;
        this.blockOffset = blockOffset;
        this.data = data;
    }

    @Override
    public long jobId() {
        return jobId;
    }

    @Override
    public DependencyRange dependencies() {
        return dependencies;
    }

    public long blockOffset() {
        return blockOffset;
    }

    /** @return the payload, shared: never modify it */
    public byte[] data() {
        return data;
    }

    /**
     * @return the payload as one array per block, in order, made once and shared by every caller:
     *         like the payload, never modify them or the returned array. A one-block payload is its
     *         own only block.
     * @throws IllegalArgumentException if the payload is not a whole, non-zero number of blocks
     */
    public byte[][] blocks(int blockSizeBytes) {
        byte[][] split = blocks;
        if (split == null || split[0].length != blockSizeBytes) {
            split = split(blockSizeBytes);
            // Two threads may both split; either result is the same bytes, so the last one kept is as good.
            blocks = split;
        }
        return split;
    }

    private byte[][] split(int blockSizeBytes) {
        if (blockSizeBytes <= 0 || data.length == 0 || data.length % blockSizeBytes != 0) {
            throw new IllegalArgumentException("write of " + data.length + " bytes is not a whole, non-zero number "
                    + "of " + blockSizeBytes + "-byte blocks");
        }
        if (data.length == blockSizeBytes) {
            return new byte[][] {data};
        }
        byte[][] split = new byte[data.length / blockSizeBytes][];
        for (int i = 0; i < split.length; i++) {
            split[i] = Arrays.copyOfRange(data, i * blockSizeBytes, (i + 1) * blockSizeBytes);
        }
        return split;
    }

    @Override
    public IoOp op() {
        return IoOp.WRITE;
    }

    /** Equal when the job, dependencies, offset and the very same payload array are (as the record this was). */
    @Override
    public boolean equals(Object other) {
        return other instanceof WriteRequest that && jobId == that.jobId && blockOffset == that.blockOffset
                && Objects.equals(dependencies, that.dependencies) && data == that.data;
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, dependencies, blockOffset, System.identityHashCode(data));
    }

    @Override
    public String toString() {
        return "WriteRequest[jobId=" + jobId + ", dependencies=" + dependencies + ", blockOffset=" + blockOffset
                + ", bytes=" + data.length + "]";
    }
}
