package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.block.BlockTokenMap;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.util.UUID;

/**
 * An in-memory store of stamps rather than bytes (virtual time's default payload): each block holds the token of
 * the write that last wrote it, kept as runs of blocks with one token in a {@link BlockTokenMap}. A write costs one
 * run per 1024-block segment it touches whatever its size, a block costs no more than 12 bytes and some slack, and
 * memory follows the blocks written, never the region's size. Nothing survives the JVM.
 *
 * <p>The per-extent metadata (flush number, generation, dirty bit) is kept as {@link SparseMemoryExtentStore} keeps
 * it, by the same code, so flushes and start-up negotiation do not know which store they talk to.
 */
public final class SparseStampExtentStore extends MemoryExtentStore {
    private final long extentSizeBlocks;
    private final BlockTokenMap tokens;

    /** Creates an empty region: every block has token 0 (reads as never written), every extent clean at flush 0. */
    public SparseStampExtentStore(RegionDefinition definition, UUID regionUuid) {
        super(definition, regionUuid);
        this.extentSizeBlocks = definition.extentSizeBlocks();
        this.tokens = new BlockTokenMap(definition.totalBlocks());
    }

    /**
     * As {@link #SparseStampExtentStore(RegionDefinition, UUID)}, with a new random UUID: a new region is a region
     * never seen before.
     */
    public SparseStampExtentStore(RegionDefinition definition) {
        this(definition, UUID.randomUUID());
    }

    @Override
    public boolean holdsStamps() {
        return true;
    }

    @Override
    public void readTokens(int extent, int firstBlock, int blockCount, long[] dst, int dstOffset) {
        tokens.copy(extent * extentSizeBlocks + firstBlock, blockCount, dst, dstOffset);
    }

    @Override
    public void writeTokens(int extent, int firstBlock, int blockCount, long token) {
        // Dirty first, as for bytes: a durable store must never hold unflushed data in an extent that says clean.
        extents.markDirty(extent);
        tokens.assign(extent * extentSizeBlocks + firstBlock, blockCount, token);
    }

    /** Unreachable through {@link Region}, which sends only stamped requests to this store. */
    @Override
    public void read(int extent, int firstBlock, int blockCount, byte[] dst, int dstOffsetBytes) {
        throw new UnsupportedOperationException(this + " holds stamps, not bytes");
    }

    /** Unreachable through {@link Region}, which sends only stamped requests to this store. */
    @Override
    public void write(int extent, int firstBlock, int blockCount, byte[] src, int srcOffsetBytes) {
        throw new UnsupportedOperationException(this + " holds stamps, not bytes");
    }

    /**
     * @return the heap the written blocks' tokens hold ({@link BlockTokenMap#segmentBytes()}), 0 when nothing was
     *         written; the segment table and the extent metadata, which follow the region's size, are not counted
     */
    @Override
    public long allocatedBytes() {
        return tokens.segmentBytes();
    }

    @Override
    public String toString() {
        return "SparseStampExtentStore[" + definition + ", " + tokens.runCount() + " runs]";
    }
}
