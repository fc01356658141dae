package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.util.UUID;

/**
 * Where a region's blocks and per-extent metadata live: the backend seam. {@link Region} checks
 * every request against the geometry and splits it at extent boundaries, so implementations may
 * assume in-range arguments and a range that stays inside one extent.
 *
 * <p>Implemented now by {@link SparseMemoryExtentStore} (bytes) and {@link SparseStampExtentStore}
 * (stamps: each block holds the token of the write that wrote it, see
 * {@link dev.cruciblesim.sim.protocol.BlockStamp}); a store {@link #holdsStamps() holds} one or the
 * other, and {@link Region} refuses requests of the other kind. A durable file-backed store ({@link FileExtentStore}: one
 * file per extent, as Crucible's RawFile backend) implements the same contract, persisting the
 * dirty bit before the data it covers and the flush number and generation on {@link #flush}.
 *
 * <p>Implemented durably by {@link FileExtentStore}: {@link #close()} releases its files.
 *
 * <p>Threading: not thread-safe; a store belongs to the one thread that runs its downstairs.
 */
public interface ExtentStore extends AutoCloseable {
    RegionDefinition definition();

    /** @return the region's UUID, which the downstairs presents in {@code RegionInfo} and checks in {@code HereIAm} */
    UUID regionUuid();

    /**
     * Copies {@code blockCount} blocks starting at block {@code firstBlock} of {@code extent} into
     * {@code dst} from byte {@code dstOffsetBytes}. Blocks never written read as zeros.
     */
    void read(int extent, int firstBlock, int blockCount, byte[] dst, int dstOffsetBytes);

    /**
     * A one-block read without a copy: the store's own array for the block, which nobody ever
     * modifies, or null when this store cannot share one (the caller then copies with {@link #read}).
     */
    default byte[] sharedBlock(int extent, int block) {
        return null;
    }

    /**
     * As {@link #read}, for a {@code dst} range the caller knows holds only zeros (a fresh array):
     * never-written blocks may then be skipped rather than zeroed again.
     */
    default void readIntoZeroed(int extent, int firstBlock, int blockCount, byte[] dst, int dstOffsetBytes) {
        read(extent, firstBlock, blockCount, dst, dstOffsetBytes);
    }

    /**
     * Copies {@code blockCount} blocks from {@code src} (from byte {@code srcOffsetBytes}) into the
     * extent and marks the extent dirty. The store keeps its own copy: {@code src} may be shared
     * with other downstairs and must not be retained.
     */
    void write(int extent, int firstBlock, int blockCount, byte[] src, int srcOffsetBytes);

    /**
     * As a one-block {@link #write} of all of {@code block}, for an array that nobody will ever
     * modify (a protocol write's data): a store whose blocks are immutable may keep it instead of
     * copying it. The default copies.
     */
    default void writeImmutableBlock(int extent, int blockInExtent, byte[] block) {
        write(extent, blockInExtent, 1, block, 0);
    }

    /**
     * @return whether {@link #writeImmutableBlock} keeps the array it is given rather than copying it, so that a
     *         protocol write's per-block split is worth making; the default copies
     */
    default boolean keepsImmutableBlocks() {
        return false;
    }

    /** Makes the extent's data durable, stamps it with the flush number and generation, and clears its dirty bit. */
    void flush(int extent, long flushNumber, long generation);

    /**
     * {@link #flush Flushes} every dirty extent. The default looks at every extent; a store that lists its dirty
     * extents visits only those, so that a flush costs what was written since the last one, not the region's size.
     */
    default void flushDirty(long flushNumber, long generation) {
        int extentCount = definition().extentCount();
        for (int extent = 0; extent < extentCount; extent++) {
            if (isDirty(extent)) {
                flush(extent, flushNumber, generation);
            }
        }
    }

    /** @return true when the blocks hold write tokens (stamps) rather than bytes: the token methods below apply */
    default boolean holdsStamps() {
        return false;
    }

    /**
     * Copies the tokens of {@code blockCount} blocks from block {@code firstBlock} of {@code extent} into {@code dst}
     * from index {@code dstOffset}; blocks never written have token 0. Only for a store that {@link #holdsStamps()}.
     */
    default void readTokens(int extent, int firstBlock, int blockCount, long[] dst, int dstOffset) {
        throw new UnsupportedOperationException(this + " holds bytes, not stamps");
    }

    /**
     * Gives {@code blockCount} blocks from block {@code firstBlock} of {@code extent} the write token {@code token}
     * and marks the extent dirty. Only for a store that {@link #holdsStamps()}.
     */
    default void writeTokens(int extent, int firstBlock, int blockCount, long token) {
        throw new UnsupportedOperationException(this + " holds bytes, not stamps");
    }

    /**
     * @return the whole of {@code extent}, its blocks and its flush number and generation, for a peer to copy at
     *         start-up reconciliation; the caller has flushed the extent, so it is clean
     */
    default ExtentImage readImage(int extent) {
        int blocks = definition().extentSizeBlocks();
        if (holdsStamps()) {
            long[] tokens = new long[blocks];
            readTokens(extent, 0, blocks, tokens, 0);
            return ExtentImage.ofTokens(extent, flushNumber(extent), generation(extent), tokens);
        }
        byte[] data = new byte[blocks * definition().blockSizeBytes()];
        readIntoZeroed(extent, 0, blocks, data, 0);
        return ExtentImage.ofBytes(extent, flushNumber(extent), generation(extent), data);
    }

    /**
     * Makes {@code extent} a copy of {@code image}: its blocks, flush number and generation, and clean. {@link Region}
     * has checked that the image is whole and of this store's kind. The default writes every block, then records the
     * image's numbers as a flush does; that is atomic enough for a store that does not outlive the JVM, and a durable
     * store replaces the extent's file whole instead ({@link FileExtentStore}).
     */
    default void replaceExtent(int extent, ExtentImage image) {
        int blocks = definition().extentSizeBlocks();
        if (image.holdsStamps()) {
            long[] tokens = image.tokens();
            int runStart = 0;
            for (int block = 1; block <= blocks; block++) {
                if (block == blocks || tokens[block] != tokens[runStart]) {
                    writeTokens(extent, runStart, block - runStart, tokens[runStart]);
                    runStart = block;
                }
            }
        } else {
            write(extent, 0, blocks, image.data(), 0);
        }
        flush(extent, image.flushNumber(), image.generation());
    }

    long flushNumber(int extent);

    long generation(int extent);

    boolean isDirty(int extent);

    /** @return bytes of block storage this store has allocated (memory or disk), for sparseness checks and reports */
    long allocatedBytes();

    /**
     * Releases what the store holds outside the heap (its files); afterwards the store may refuse every call. Not a
     * flush: what was written since the last one stays dirty. The in-memory stores hold nothing to release.
     */
    @Override
    default void close() {
    }
}
