package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * An in-memory store that allocates a block only when it is first written, so a 1 GiB region
 * costs what was written, not 1 GiB. Nothing survives the JVM.
 *
 * <p>Layout: per extent a block table ({@code byte[extentSizeBlocks][]}) created on the extent's
 * first write, and per block one {@code byte[blockSizeBytes]} created on the block's first write.
 * One array per block (rather than, say, 64 KiB chunks) keeps the cost of a scattered 4 KiB write
 * at about 4 KiB. The tables add 4-8 bytes per block of every touched extent (0.1-0.2 % at 4 KiB
 * blocks); {@link #allocatedBytes()} counts block data only.
 *
 * <p>Two ways to hold blocks, chosen at construction:
 * <ul>
 * <li>{@link Blocks#SHARED} (virtual time): blocks are copy-on-write: a write replaces a block's array rather than
 *     overwriting it, so an array once stored never changes, a one-block read can hand it out without a copy
 *     ({@link #sharedBlock}), and a protocol write's payload may be kept as the block itself. At three replicas per
 *     read, that copy was most of a simulated read's cost.</li>
 * <li>{@link Blocks#OWN} (real time): each block's array is the store's own, allocated at the block's first write
 *     and overwritten in place afterwards; reads copy out. A write then allocates nothing, so a real-time run's
 *     garbage is not every write's payload kept for as long as its block goes unwritten, and the upstairs may reuse
 *     its payloads.</li>
 * </ul>
 */
public final class SparseMemoryExtentStore extends MemoryExtentStore {
    private final int blockSizeBytes;
    private final int extentSizeBlocks;
    /** [extent][block in extent] → block data; both levels null until written. */
    private final byte[][][] blocksByExtent;
    private long allocatedBytes;
    /** What every never-written block reads as; shared, so never modified. */
    private final byte[] zeroBlock;
    private final Blocks blockArrays;

    /** Whose the block arrays are; see the class comment. */
    public enum Blocks {
        /** Copy-on-write arrays, shared with readers and kept from protocol writes. */
        SHARED,
        /** The store's own arrays, overwritten in place; nothing is shared. */
        OWN
    }

    /** Creates an empty region: every block reads as zeros, every extent has flush number 0, generation 0, clean. */
    public SparseMemoryExtentStore(RegionDefinition definition, UUID regionUuid) {
        this(definition, regionUuid, Blocks.SHARED);
    }

    /** As above, holding blocks as {@code blockArrays} says. */
    public SparseMemoryExtentStore(RegionDefinition definition, UUID regionUuid, Blocks blockArrays) {
        super(definition, regionUuid);
        this.blockArrays = Objects.requireNonNull(blockArrays, "blockArrays");
        this.blockSizeBytes = definition.blockSizeBytes();
        this.extentSizeBlocks = definition.extentSizeBlocks();
        this.blocksByExtent = new byte[definition.extentCount()][][];
        this.zeroBlock = new byte[blockSizeBytes];
    }

    /**
     * As {@link #SparseMemoryExtentStore(RegionDefinition, UUID)}, with a new random UUID: a new region is a region
     * never seen before.
     */
    public SparseMemoryExtentStore(RegionDefinition definition) {
        this(definition, UUID.randomUUID());
    }

    @Override
    public void read(int extent, int firstBlock, int blockCount, byte[] dst, int dstOffsetBytes) {
        copyOut(extent, firstBlock, blockCount, dst, dstOffsetBytes, true);
    }

    @Override
    public byte[] sharedBlock(int extent, int block) {
        if (blockArrays == Blocks.OWN) {
            return null; // the array changes at the block's next write: the caller copies
        }
        byte[][] blocks = blocksByExtent[extent];
        byte[] data = blocks == null ? null : blocks[block];
        return data != null ? data : zeroBlock;
    }

    @Override
    public void readIntoZeroed(int extent, int firstBlock, int blockCount, byte[] dst, int dstOffsetBytes) {
        copyOut(extent, firstBlock, blockCount, dst, dstOffsetBytes, false);
    }

    private void copyOut(int extent, int firstBlock, int blockCount, byte[] dst, int dstOffsetBytes,
            boolean zeroUnwritten) {
        byte[][] blocks = blocksByExtent[extent];
        if (blocks == null) {
            if (zeroUnwritten) {
                Arrays.fill(dst, dstOffsetBytes, dstOffsetBytes + blockCount * blockSizeBytes, (byte) 0);
            }
            return;
        }
        int offset = dstOffsetBytes;
        for (int i = firstBlock; i < firstBlock + blockCount; i++) {
            byte[] block = blocks[i];
            if (block == null) {
                if (zeroUnwritten) {
                    Arrays.fill(dst, offset, offset + blockSizeBytes, (byte) 0);
                }
            } else {
                System.arraycopy(block, 0, dst, offset, blockSizeBytes);
            }
            offset += blockSizeBytes;
        }
    }

    @Override
    public void write(int extent, int firstBlock, int blockCount, byte[] src, int srcOffsetBytes) {
        byte[][] blocks = blocksByExtent[extent];
        if (blocks == null) {
            blocks = new byte[extentSizeBlocks][];
            blocksByExtent[extent] = blocks;
        }
        // Dirty first, as Crucible does, so that a durable store would never hold unflushed data
        // in an extent whose metadata says clean.
        extents.markDirty(extent);
        int offset = srcOffsetBytes;
        for (int i = firstBlock; i < firstBlock + blockCount; i++) {
            if (blocks[i] == null) {
                allocatedBytes += blockSizeBytes;
                blocks[i] = Arrays.copyOfRange(src, offset, offset + blockSizeBytes);
            } else if (blockArrays == Blocks.OWN) {
                System.arraycopy(src, offset, blocks[i], 0, blockSizeBytes);
            } else {
                blocks[i] = Arrays.copyOfRange(src, offset, offset + blockSizeBytes);
            }
            offset += blockSizeBytes;
        }
    }

    @Override
    public boolean keepsImmutableBlocks() {
        return blockArrays == Blocks.SHARED;
    }

    @Override
    public void writeImmutableBlock(int extent, int blockInExtent, byte[] block) {
        if (blockArrays == Blocks.OWN) {
            write(extent, blockInExtent, 1, block, 0);
            return;
        }
        if (block.length != blockSizeBytes) {
            throw new IllegalArgumentException("a block is " + blockSizeBytes + " bytes, got " + block.length);
        }
        byte[][] blocks = blocksByExtent[extent];
        if (blocks == null) {
            blocks = new byte[extentSizeBlocks][];
            blocksByExtent[extent] = blocks;
        }
        extents.markDirty(extent);
        if (blocks[blockInExtent] == null) {
            allocatedBytes += blockSizeBytes;
        }
        // Blocks are never modified in place, so an immutable array can simply be kept.
        blocks[blockInExtent] = block;
    }

    /**
     * A copy stays sparse: a block of zeros in the image is dropped rather than stored, so a repaired extent costs
     * what the source had written, as it costs the source.
     */
    @Override
    public void replaceExtent(int extent, ExtentImage image) {
        byte[] data = image.data();
        byte[][] blocks = blocksByExtent[extent];
        byte[][] replaced = new byte[extentSizeBlocks][];
        for (int i = 0; i < extentSizeBlocks; i++) {
            int from = i * blockSizeBytes;
            if (blocks != null && blocks[i] != null) {
                allocatedBytes -= blockSizeBytes;
            }
            if (!ExtentImage.isZeros(data, from, from + blockSizeBytes)) {
                replaced[i] = Arrays.copyOfRange(data, from, from + blockSizeBytes);
                allocatedBytes += blockSizeBytes;
            }
        }
        blocksByExtent[extent] = replaced;
        extents.flush(extent, image.flushNumber(), image.generation());
    }

    /** @return bytes of block data allocated so far; the per-extent block tables are not counted */
    @Override
    public long allocatedBytes() {
        return allocatedBytes;
    }

    @Override
    public String toString() {
        return "SparseMemoryExtentStore[" + definition + ", allocated " + allocatedBytes + " B]";
    }
}
