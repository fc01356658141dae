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
    // Not final only for refill(): a reused payload's request is refilled for a later write (see there).
    private long jobId;
    /** The dependency range's two ends, not the range: a refilled request then allocates none (see refill()). */
    private long firstDependencyJobId;
    private long lastDependencyJobId;
    private long blockOffset;
    private byte[] data;
    /** For a stamped write, its blocks and token; for a write of bytes, 0 and 0. */
    private final int stampedBlockCount;
    private final long stampToken;
    /** Whether the payload goes back to a pool for a later write once the job retires; never on the wire. */
    private final boolean payloadReused;
    /** The per-block split, made by the first downstairs that asks; volatile, as downstairs threads share it. */
    private volatile byte[][] blocks;
    /** The reply every downstairs that stores this write gives, made by the first that asks (see successAck()). */
    private volatile WriteAck successAck;

    public WriteRequest(long jobId, DependencyRange dependencies, long blockOffset, byte[] data) {
        this(jobId, dependencies, blockOffset, data, 0, 0, false);
    }

    private WriteRequest(long jobId, DependencyRange dependencies, long blockOffset, byte[] data, int stampedBlockCount,
            long stampToken, boolean payloadReused) {
        Objects.requireNonNull(dependencies, "dependencies");
        this.jobId = jobId;
        this.firstDependencyJobId = dependencies.firstJobId();
        this.lastDependencyJobId = dependencies.lastJobId();
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
     * Makes this request, one {@link #withReusedPayload with a reused payload}, the request of a later write, so that
     * a steady stream of writes allocates no request. Only its owner may call this, and only once nothing reads it
     * any more: the job it carried retired and every downstairs answered it (so none holds it in a queue). The
     * request reaches the next reader through the same hand-off as a new one would (a ring's publish), which orders
     * these writes before that reader's reads.
     *
     * @return this request, now for {@code jobId}
     * @throws IllegalStateException if this request's payload is not a reused one
     */
    public WriteRequest refill(long jobId, long firstDependencyJobId, long lastDependencyJobId, long blockOffset,
            byte[] data) {
        if (!payloadReused) {
            throw new IllegalStateException("only a request with a reused payload is refilled, not " + this);
        }
        this.jobId = jobId;
        setDependencies(firstDependencyJobId, lastDependencyJobId);
        this.blockOffset = blockOffset;
        this.data = data;
        this.blocks = null;
        this.successAck = null;
        return this;
    }

    private void setDependencies(long firstJobId, long lastJobId) {
        // An empty range is the one empty range, as DependencyRange.of makes it for a new request.
        boolean empty = lastJobId < firstJobId;
        this.firstDependencyJobId = empty ? DependencyRange.NONE.firstJobId() : firstJobId;
        this.lastDependencyJobId = empty ? DependencyRange.NONE.lastJobId() : lastJobId;
    }

    /**
     * @return the reply to this write when it succeeds. The downstairs in one JVM that store the same request share
     *         it, as they share the request, so a write costs one acknowledgement rather than one per downstairs.
     */
    public WriteAck successAck() {
        WriteAck ack = successAck;
        if (ack == null) {
            // Two threads may both make it; the two are equal, so whichever is kept is as good.
            ack = new WriteAck(jobId, null);
            successAck = ack;
        }
        return ack;
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
        // A new range each call (hot paths read the ends); exactly the ends it was given, as a decoded one must be.
        return firstDependencyJobId == DependencyRange.NONE.firstJobId()
                && lastDependencyJobId == DependencyRange.NONE.lastJobId() ? DependencyRange.NONE
                        : new DependencyRange(firstDependencyJobId, lastDependencyJobId);
    }

    @Override
    public long firstDependencyJobId() {
        return firstDependencyJobId;
    }

    @Override
    public long lastDependencyJobId() {
        return lastDependencyJobId;
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
                && firstDependencyJobId == that.firstDependencyJobId && lastDependencyJobId == that.lastDependencyJobId
                && data == that.data
                && stampedBlockCount == that.stampedBlockCount && stampToken == that.stampToken;
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, firstDependencyJobId, lastDependencyJobId, blockOffset, System.identityHashCode(data),
                stampedBlockCount, stampToken);
    }

    @Override
    public String toString() {
        return "WriteRequest[jobId=" + jobId + ", dependencies=" + dependencies() + ", blockOffset=" + blockOffset
                + (isStamped() ? ", blocks=" + stampedBlockCount + ", token=" + stampToken
                        : ", bytes=" + (data == null ? 0 : data.length))
                + "]";
    }
}
