package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.WriteRequest;

import java.util.Objects;

/**
 * One downstairs' region: {@code extentCount} extents of {@code extentSizeBlocks} blocks, addressed
 * by region block index. Checks every request against the geometry, splits it at extent
 * boundaries, and applies revision O's flush rule; the bytes and metadata live in an
 * {@link ExtentStore}.
 *
 * <p>Threading: not thread-safe; owned by the thread that runs the downstairs core.
 */
public final class Region {
    private final ExtentStore store;
    private final RegionDefinition definition;
    private final int blockSizeBytes;
    private final int extentSizeBlocks;
    private final long totalBlocks;
    /** The most blocks one read can return: the reply is one {@code byte[]}. */
    private final int maxBlocksPerRead;

    public Region(ExtentStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.definition = store.definition();
        this.blockSizeBytes = definition.blockSizeBytes();
        this.extentSizeBlocks = definition.extentSizeBlocks();
        this.totalBlocks = definition.totalBlocks();
        this.maxBlocksPerRead = Integer.MAX_VALUE / blockSizeBytes;
    }

    /** @return an empty region over a {@link SparseMemoryExtentStore} */
    public static Region sparseInMemory(RegionDefinition definition) {
        return new Region(new SparseMemoryExtentStore(definition));
    }

    public RegionDefinition definition() {
        return definition;
    }

    /**
     * @return {@code blockCount} blocks from region block {@code blockOffset}; blocks never written
     *         are zeros. The array must not be modified: a one-block read may be the store's own.
     * @throws RegionRequestException when the range is empty or not inside the region
     */
    public byte[] read(long blockOffset, int blockCount) {
        if (blockCount <= 0) {
            throw new RegionRequestException("read of " + blockCount + " blocks at block " + blockOffset
                    + ": a read needs at least one block");
        }
        if (blockCount > maxBlocksPerRead) {
            throw new RegionRequestException("read of " + blockCount + " blocks at block " + blockOffset
                    + " exceeds the " + maxBlocksPerRead + " blocks of " + blockSizeBytes + " B one reply can hold");
        }
        checkRange("read", blockOffset, blockCount);
        if (blockCount == 1) {
            byte[] shared = store.sharedBlock((int) (blockOffset / extentSizeBlocks),
                    (int) (blockOffset % extentSizeBlocks));
            if (shared != null) {
                return shared;
            }
        }
        byte[] data = new byte[blockCount * blockSizeBytes];
        transfer(false, blockOffset, blockCount, data);
        return data;
    }

    /**
     * Writes {@code data}, a whole number of blocks, from region block {@code blockOffset} and marks
     * every touched extent dirty. {@code data} is copied, never retained.
     *
     * @throws RegionRequestException when data is empty, not whole blocks, or not inside the region
     */
    public void write(long blockOffset, byte[] data) {
        int blockCount = wholeBlocks(blockOffset, data);
        checkRange("write", blockOffset, blockCount);
        transfer(true, blockOffset, blockCount, data);
    }

    /**
     * A protocol write: its payload never changes after sending, so its blocks are kept, split once
     * per request and shared with the other downstairs in this JVM ({@link WriteRequest#blocks}).
     */
    public void write(WriteRequest request) {
        byte[] data = request.data();
        // Before the split, so that a refused write allocates nothing.
        checkRange("write", request.blockOffset(), wholeBlocks(request.blockOffset(), data));
        if (data.length == blockSizeBytes) {
            // The common case keeps the payload itself, with no split to allocate.
            store.writeImmutableBlock((int) (request.blockOffset() / extentSizeBlocks),
                    (int) (request.blockOffset() % extentSizeBlocks), data);
            return;
        }
        writeImmutableBlocks(request.blockOffset(), request.blocks(blockSizeBytes));
    }

    /**
     * Writes {@code blocks}, one block-sized array each, from {@code blockOffset}: arrays nobody will
     * ever modify (such as {@code WriteRequest.blocks}), so the store may keep them rather than copy,
     * and three downstairs in one JVM may share them.
     */
    public void writeImmutableBlocks(long blockOffset, byte[][] blocks) {
        if (blocks == null || blocks.length == 0) {
            throw new RegionRequestException("write of no blocks at block " + blockOffset);
        }
        for (byte[] block : blocks) {
            if (block == null || block.length != blockSizeBytes) {
                throw new RegionRequestException("write at block " + blockOffset + " has a block of "
                        + (block == null ? "no" : Integer.toString(block.length)) + " bytes; blocks are "
                        + blockSizeBytes + " bytes");
            }
        }
        checkRange("write", blockOffset, blocks.length);
        for (int i = 0; i < blocks.length; i++) {
            long block = blockOffset + i;
            store.writeImmutableBlock((int) (block / extentSizeBlocks), (int) (block % extentSizeBlocks), blocks[i]);
        }
    }

    /** @return how many blocks {@code data} holds; refuses no data, or data that is not a whole, non-zero number */
    private int wholeBlocks(long blockOffset, byte[] data) {
        if (data == null) {
            throw new RegionRequestException("write at block " + blockOffset + " carries no data");
        }
        if (data.length == 0 || data.length % blockSizeBytes != 0) {
            throw new RegionRequestException("write of " + data.length + " bytes at block " + blockOffset
                    + " is not a whole, non-zero number of " + blockSizeBytes + "-byte blocks");
        }
        return data.length / blockSizeBytes;
    }

    /** Splits a checked block range at extent boundaries and moves each piece to or from the store. */
    private void transfer(boolean write, long blockOffset, int blockCount, byte[] buffer) {
        long block = blockOffset;
        int offsetBytes = 0;
        int remaining = blockCount;
        while (remaining > 0) {
            int extent = (int) (block / extentSizeBlocks);
            int firstInExtent = (int) (block % extentSizeBlocks);
            int count = Math.min(remaining, extentSizeBlocks - firstInExtent);
            if (write) {
                store.write(extent, firstInExtent, count, buffer, offsetBytes);
            } else {
                // Only read() comes here, with a fresh array: never-written blocks are zeros already.
                store.readIntoZeroed(extent, firstInExtent, count, buffer, offsetBytes);
            }
            block += count;
            offsetBytes += count * blockSizeBytes;
            remaining -= count;
        }
    }

    /**
     * Revision O flush ({@code DR@O:1024-1070}): visits every extent; each dirty one is made
     * durable, stamped with {@code flushNumber} and {@code generation}, and marked clean. Clean
     * extents keep the numbers of the flush that last found them dirty, which is what lets
     * reconciliation tell where replicas diverged.
     *
     * @throws RegionRequestException when a number is negative (Crucible's are unsigned)
     */
    public void flush(long flushNumber, long generation) {
        if (flushNumber < 0 || generation < 0) {
            throw new RegionRequestException("flush number " + flushNumber + " and generation " + generation
                    + " must both be non-negative");
        }
        int extentCount = definition.extentCount();
        for (int extent = 0; extent < extentCount; extent++) {
            if (store.isDirty(extent)) {
                store.flush(extent, flushNumber, generation);
            }
        }
    }

    /** @return every extent's generation, flush number and dirty bit, for {@code ExtentVersionsPlease} */
    public ExtentVersions extentVersions() {
        int extentCount = definition.extentCount();
        long[] generations = new long[extentCount];
        long[] flushNumbers = new long[extentCount];
        boolean[] dirty = new boolean[extentCount];
        for (int extent = 0; extent < extentCount; extent++) {
            generations[extent] = store.generation(extent);
            flushNumbers[extent] = store.flushNumber(extent);
            dirty[extent] = store.isDirty(extent);
        }
        return new ExtentVersions(generations, flushNumbers, dirty);
    }

    /** @return the store's allocated block bytes (see {@link ExtentStore#allocatedBytes()}) */
    public long allocatedBytes() {
        return store.allocatedBytes();
    }

    private void checkRange(String what, long blockOffset, int blockCount) {
        // Written as "offset > total - count" so a huge offset cannot overflow the sum.
        if (blockOffset < 0 || blockOffset > totalBlocks - blockCount) {
            throw new RegionRequestException(what + " of " + blockCount + " blocks at block " + blockOffset
                    + " is outside the region's blocks [0, " + totalBlocks + ")");
        }
    }

    @Override
    public String toString() {
        return "Region[" + definition + "]";
    }
}
