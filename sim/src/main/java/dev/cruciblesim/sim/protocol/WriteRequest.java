package dev.cruciblesim.sim.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * Write {@code data} (a whole number of blocks) starting at region block {@code blockOffset}.
 * The array is shared, not copied, by the in-process transport: nobody may change it once sent,
 * and an in-memory downstairs may keep it as the block itself, unless the payload is
 * {@link #payloadReused() reused} after the job retires.
 *
 * <p>Or, {@link #stamped stamped} (virtual time's default payload): {@code blockCount} blocks whose
 * content is the write's token, each block holding {@link BlockStamp#of}{@code (block, token)}. Such a
 * write carries no array at all, so it costs the same whatever its size.
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
    /** For a stamped write, its blocks and token; for a write of bytes, 0 and 0. */
    private final int stampedBlockCount;
    private final long stampToken;
    /** Whether the payload goes back to a pool for a later write once the job retires; never on the wire. */
    private final boolean payloadReused;
    /** The per-block split, made by the first downstairs that asks; volatile, as downstairs threads share it. */
    private volatile byte[][] blocks;

    public WriteRequest(long jobId, DependencyRange dependencies, long blockOffset, byte[] data) {
        this(jobId, dependencies, blockOffset, data, 0, 0, false);
    }

    private WriteRequest(long jobId, DependencyRange dependencies, long blockOffset, byte[] data, int stampedBlockCount,
            long stampToken, boolean payloadReused) {
        this.jobId = jobId;
        this.dependencies = dependencies;
        this.blockOffset = blockOffset;
        this.data = data;
        this.stampedBlockCount = stampedBlockCount;
        this.stampToken = stampToken;
        this.payloadReused = payloadReused;
    }

    /**
     * A write whose payload the upstairs takes back into its pool once the job retires, for a later write to fill:
     * the array does not change while any downstairs may still read this request, but it does afterwards, so a
     * downstairs must copy it and never keep it as a block ({@link #payloadReused}).
     */
    public static WriteRequest withReusedPayload(long jobId, DependencyRange dependencies, long blockOffset,
            byte[] data) {
        return new WriteRequest(jobId, dependencies, blockOffset, data, 0, 0, true);
    }

    /**
     * @param blockCount how many blocks the write covers, at least 1
     * @param token      what they hold: the write's token (see {@link BlockStamp})
     */
    public static WriteRequest stamped(long jobId, DependencyRange dependencies, long blockOffset, int blockCount,
            long token) {
        if (blockCount < 1) {
            throw new IllegalArgumentException("a stamped write covers at least 1 block, got " + blockCount);
        }
        return new WriteRequest(jobId, dependencies, blockOffset, null, blockCount, token, false);
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

    /** @return the payload, shared: never modify it; null for a {@link #isStamped() stamped} write */
    public byte[] data() {
        return data;
    }

    /**
     * @return whether the payload is reused by a later write once this job retires ({@link #withReusedPayload}): a
     *         store must then copy it rather than keep it. Not part of the message: a decoded write is always false,
     *         and equality ignores it.
     */
    public boolean payloadReused() {
        return payloadReused;
    }

    /** @return whether the write carries a token for its blocks instead of their bytes */
    public boolean isStamped() {
        return stampedBlockCount > 0;
    }

    /** @return a stamped write's block count; 0 for a write of bytes */
    public int stampedBlockCount() {
        return stampedBlockCount;
    }

    /** @return a stamped write's token; 0 for a write of bytes */
    public long stampToken() {
        return stampToken;
    }

    /** @return how many bytes the write stands for: its payload's, or its stamped blocks' */
    public long sizeBytes(int blockSizeBytes) {
        return isStamped() ? (long) stampedBlockCount * blockSizeBytes : data == null ? 0 : data.length;
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
        if (isStamped()) {
            throw new IllegalStateException("a stamped write has no bytes to split");
        }
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

    /**
     * Equal when the job, dependencies, offset and the very same payload array are (as the record this was), or, for
     * stamped writes, the same block count and token.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof WriteRequest that && jobId == that.jobId && blockOffset == that.blockOffset
                && Objects.equals(dependencies, that.dependencies) && data == that.data
                && stampedBlockCount == that.stampedBlockCount && stampToken == that.stampToken;
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, dependencies, blockOffset, System.identityHashCode(data), stampedBlockCount,
                stampToken);
    }

    @Override
    public String toString() {
        return "WriteRequest[jobId=" + jobId + ", dependencies=" + dependencies + ", blockOffset=" + blockOffset
                + (isStamped() ? ", blocks=" + stampedBlockCount + ", token=" + stampToken
                        : ", bytes=" + (data == null ? 0 : data.length))
                + "]";
    }
}
