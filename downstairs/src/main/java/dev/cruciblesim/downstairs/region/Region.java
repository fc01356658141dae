package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.BlockStamp;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.WriteRequest;

import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * One downstairs' region: {@code extentCount} extents of {@code extentSizeBlocks} blocks, addressed
 * by region block index. Checks every request against the geometry, splits it at extent
 * boundaries, and applies revision O's flush rule; the bytes and metadata live in an
 * {@link ExtentStore}. A region holds bytes or, over a store that {@link ExtentStore#holdsStamps()
 * holds stamps}, one write token per block; a request of the other kind is refused, since the one
 * cannot be made from the other.
 *
 * <p>A region over a durable store ({@link #open}, {@link #create}) holds files until {@link #close()}.
 *
 * <p>Threading: not thread-safe; owned by the thread that runs the downstairs core.
 */
public final class Region implements AutoCloseable {
    private final ExtentStore store;
    private final RegionDefinition definition;
    private final int blockSizeBytes;
    private final int extentSizeBlocks;
    private final long totalBlocks;
    /** The most blocks one read can return: the reply is one {@code byte[]}. */
    private final int maxBlocksPerRead;
    private final boolean holdsStamps;
    /** Extents closed for start-up reconciliation ({@link #closeExtent}): IO touching one is refused. */
    private final boolean[] closedExtents;
    /** How many are closed: 0 nearly always, so that IO pays one comparison for the feature. */
    private int closedExtentCount;

    public Region(ExtentStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.definition = store.definition();
        this.blockSizeBytes = definition.blockSizeBytes();
        this.extentSizeBlocks = definition.extentSizeBlocks();
        this.totalBlocks = definition.totalBlocks();
        this.maxBlocksPerRead = Integer.MAX_VALUE / blockSizeBytes;
        this.holdsStamps = store.holdsStamps();
        this.closedExtents = new boolean[definition.extentCount()];
    }

    /** @return an empty region of bytes over a {@link SparseMemoryExtentStore} */
    public static Region sparseInMemory(RegionDefinition definition) {
        return new Region(new SparseMemoryExtentStore(definition));
    }

    /** @return an empty region of stamps over a {@link SparseStampExtentStore} */
    public static Region stampsInMemory(RegionDefinition definition) {
        return new Region(new SparseStampExtentStore(definition));
    }

    /**
     * @return the region in {@code directory}, over a {@link FileExtentStore}
     * @throws RegionStorageException when the directory holds no valid region (see {@link RegionDirectory#open})
     */
    public static Region open(Path directory) {
        return new Region(RegionDirectory.open(directory));
    }

    /**
     * @return a new, empty durable region in {@code directory} (see {@link RegionDirectory#create})
     * @throws RegionStorageException when the directory is not empty and {@code force} is not set, or on IO failure
     */
    public static Region create(Path directory, RegionDefinition definition, boolean force) {
        return new Region(RegionDirectory.create(directory, definition, force));
    }

    /** @return whether this region holds stamps ({@link #readStamps}, stamped writes) rather than bytes */
    public boolean holdsStamps() {
        return holdsStamps;
    }

    public RegionDefinition definition() {
        return definition;
    }

    /** @return the region's UUID, as its store holds it */
    public UUID uuid() {
        return store.regionUuid();
    }

    /**
     * @return {@code blockCount} blocks from region block {@code blockOffset}; blocks never written
     *         are zeros. The array must not be modified: a one-block read may be the store's own.
     * @throws RegionRequestException when the range is empty or not inside the region
     */
    public byte[] read(long blockOffset, int blockCount) {
        checkRead(blockOffset, blockCount);
        if (holdsStamps) {
            throw new RegionRequestException("read of bytes at block " + blockOffset + ": this region holds stamps");
        }
        if (blockCount == 1) {
            byte[] shared = store.sharedBlock((int) (blockOffset / extentSizeBlocks),
                    (int) (blockOffset % extentSizeBlocks));
            if (shared != null) {
                return shared;
            }
        }
        byte[] data = new byte[blockCount * blockSizeBytes];
        transfer(READ_BYTES, blockOffset, blockCount, data, 0, null);
        return data;
    }

    /**
     * @return the {@link BlockStamp}s of {@code blockCount} blocks from region block {@code blockOffset}, one per
     *         block; a block never written has token 0
     * @throws RegionRequestException when the range is empty or not inside the region, or the region holds bytes
     */
    public long[] readStamps(long blockOffset, int blockCount) {
        checkRead(blockOffset, blockCount);
        if (!holdsStamps) {
            throw new RegionRequestException("read of stamps at block " + blockOffset + ": this region holds bytes");
        }
        long[] stamps = new long[blockCount];
        transfer(READ_TOKENS, blockOffset, blockCount, null, 0, stamps);
        for (int i = 0; i < blockCount; i++) {
            // Made here, from each block's own index, so that a block read in another one's place is told apart.
            stamps[i] = BlockStamp.of(blockOffset + i, stamps[i]);
        }
        return stamps;
    }

    private void checkRead(long blockOffset, int blockCount) {
        if (blockCount <= 0) {
            throw new RegionRequestException("read of " + blockCount + " blocks at block " + blockOffset
                    + ": a read needs at least one block");
        }
        if (blockCount > maxBlocksPerRead) {
            throw new RegionRequestException("read of " + blockCount + " blocks at block " + blockOffset
                    + " exceeds the " + maxBlocksPerRead + " blocks of " + blockSizeBytes + " B one reply can hold");
        }
        checkRange("read", blockOffset, blockCount);
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
        requireBytes(blockOffset);
        transfer(WRITE_BYTES, blockOffset, blockCount, data, 0, null);
    }

    /**
     * A protocol write: its payload never changes after sending, so its blocks are kept, split once
     * per request and shared with the other downstairs in this JVM ({@link WriteRequest#blocks}). A
     * {@link WriteRequest#isStamped() stamped} write gives its blocks its token instead.
     */
    public void write(WriteRequest request) {
        if (request.isStamped()) {
            writeStamped(request.blockOffset(), request.stampedBlockCount(), request.stampToken());
            return;
        }
        byte[] data = request.data();
        // Before the split, so that a refused write allocates nothing.
        int blockCount = wholeBlocks(request.blockOffset(), data);
        checkRange("write", request.blockOffset(), blockCount);
        requireBytes(request.blockOffset());
        if (request.payloadReused() || !store.keepsImmutableBlocks()) {
            // A pooled payload changes after the job retires, and a store that copies anyway needs no split.
            transfer(WRITE_BYTES, request.blockOffset(), blockCount, data, 0, null);
            return;
        }
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
        requireBytes(blockOffset);
        for (int i = 0; i < blocks.length; i++) {
            long block = blockOffset + i;
            store.writeImmutableBlock((int) (block / extentSizeBlocks), (int) (block % extentSizeBlocks), blocks[i]);
        }
    }

    /**
     * Gives {@code blockCount} blocks from {@code blockOffset} the write token {@code token}, so that each reads
     * back as {@link BlockStamp#of}{@code (block, token)}, and marks every touched extent dirty.
     *
     * @throws RegionRequestException when the range is empty or not inside the region, or the region holds bytes
     */
    public void writeStamped(long blockOffset, int blockCount, long token) {
        if (blockCount <= 0) {
            throw new RegionRequestException("write of " + blockCount + " blocks at block " + blockOffset);
        }
        checkRange("write", blockOffset, blockCount);
        if (!holdsStamps) {
            throw new RegionRequestException("stamped write at block " + blockOffset + ": this region holds bytes");
        }
        transfer(WRITE_TOKENS, blockOffset, blockCount, null, token, null);
    }

    private void requireBytes(long blockOffset) {
        if (holdsStamps) {
            throw new RegionRequestException("write of bytes at block " + blockOffset + ": this region holds stamps");
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

    private static final int READ_BYTES = 0;
    private static final int WRITE_BYTES = 1;
    private static final int READ_TOKENS = 2;
    private static final int WRITE_TOKENS = 3;

    /**
     * Splits a checked block range at extent boundaries and moves each piece to or from the store: bytes through
     * {@code buffer}, tokens into {@code tokens} or, for a write, {@code token} for every block.
     */
    private void transfer(int kind, long blockOffset, int blockCount, byte[] buffer, long token, long[] tokens) {
        long block = blockOffset;
        int done = 0;
        while (done < blockCount) {
            int extent = (int) (block / extentSizeBlocks);
            int firstInExtent = (int) (block % extentSizeBlocks);
            int count = Math.min(blockCount - done, extentSizeBlocks - firstInExtent);
            switch (kind) {
                case WRITE_BYTES -> store.write(extent, firstInExtent, count, buffer, done * blockSizeBytes);
                // Only read() comes here, with a fresh array: never-written blocks are zeros already.
                case READ_BYTES -> store.readIntoZeroed(extent, firstInExtent, count, buffer, done * blockSizeBytes);
                case WRITE_TOKENS -> store.writeTokens(extent, firstInExtent, count, token);
                default -> store.readTokens(extent, firstInExtent, count, tokens, done);
            }
            block += count;
            done += count;
        }
    }

    /**
     * Revision O flush ({@code DR@O:1024-1070}): visits every extent (the store may skip the ones it
     * knows are clean, see {@link ExtentStore#flushDirty}); each dirty one is made
     * durable, stamped with {@code flushNumber} and {@code generation}, and marked clean. Clean
     * extents keep the numbers of the flush that last found them dirty, which is what lets
     * reconciliation tell where replicas diverged.
     *
     * @throws RegionRequestException when a number is negative (Crucible's are unsigned)
     */
    public void flush(long flushNumber, long generation) {
        checkNumbers(flushNumber, generation);
        if (closedExtentCount != 0) {
            // A flush stamps every dirty extent; one being repaired must not be stamped under the repair's feet.
            throw new RegionRequestException("flush " + flushNumber + " refused: extent " + firstClosedExtent()
                    + " is closed for repair");
        }
        store.flushDirty(flushNumber, generation);
    }

    private static void checkNumbers(long flushNumber, long generation) {
        if (flushNumber < 0 || generation < 0) {
            throw new RegionRequestException("flush number " + flushNumber + " and generation " + generation
                    + " must both be non-negative");
        }
    }

    // ------------------------------------------------------------------ start-up reconciliation, one extent at a time

    /**
     * Reconciliation's {@code ExtentFlush}: makes {@code extent} durable and stamps it with these numbers, dirty or
     * not, so that the source of a repair is clean at the numbers its copies will carry. Allowed on a closed extent.
     */
    public void flushExtent(int extent, long flushNumber, long generation) {
        checkExtent("flush of", extent);
        checkNumbers(flushNumber, generation);
        store.flush(extent, flushNumber, generation);
    }

    /** Reconciliation's {@code ExtentClose}: IO touching {@code extent} is refused until {@link #reopenExtent}. */
    public void closeExtent(int extent) {
        checkExtent("close of", extent);
        if (!closedExtents[extent]) {
            closedExtents[extent] = true;
            closedExtentCount++;
        }
    }

    /** Reconciliation's {@code ExtentReopen}: IO to {@code extent} is allowed again; reopening an open one is a no-op. */
    public void reopenExtent(int extent) {
        checkExtent("reopen of", extent);
        if (closedExtents[extent]) {
            closedExtents[extent] = false;
            closedExtentCount--;
        }
    }

    public boolean isExtentClosed(int extent) {
        checkExtent("state of", extent);
        return closedExtents[extent];
    }

    /**
     * @return the whole of a closed extent, for a peer to copy; only a closed extent is handed out, so that nothing
     *         writes it while the copy is read (on another thread, for a peer in this JVM or a repair server)
     * @throws RegionRequestException when the extent is not in the region or not closed
     */
    public ExtentImage readExtentImage(int extent) {
        checkExtent("copy of", extent);
        if (!closedExtents[extent]) {
            throw new RegionRequestException("copy of extent " + extent + " refused: it is open; only a closed extent "
                    + "(ExtentClose) is copied");
        }
        return store.readImage(extent);
    }

    /**
     * Reconciliation's {@code ExtentRepair} on the destination: {@code extent}, closed, becomes {@code image} (blocks,
     * flush number, generation, clean), durably if the store is.
     *
     * @throws RegionRequestException when the extent is open, or the image is of another extent, kind or size
     */
    public void replaceExtent(ExtentImage image) {
        int extent = image.extent();
        checkExtent("repair of", extent);
        if (!closedExtents[extent]) {
            throw new RegionRequestException("repair of extent " + extent + " refused: it is open; an extent is "
                    + "repaired only while closed (ExtentClose)");
        }
        if (image.holdsStamps() != holdsStamps) {
            throw new RegionRequestException("repair of extent " + extent + " refused: the copy holds "
                    + (image.holdsStamps() ? "stamps" : "bytes") + ", this region " + (holdsStamps ? "stamps" : "bytes"));
        }
        long expected = holdsStamps ? extentSizeBlocks : (long) extentSizeBlocks * blockSizeBytes;
        long got = holdsStamps ? image.tokens().length : image.data().length;
        if (got != expected) {
            throw new RegionRequestException("repair of extent " + extent + " refused: the copy holds " + got
                    + (holdsStamps ? " stamps" : " bytes") + ", an extent here holds " + expected);
        }
        store.replaceExtent(extent, image);
    }

    private void checkExtent(String what, int extent) {
        if (extent < 0 || extent >= closedExtents.length) {
            throw new RegionRequestException(what + " extent " + extent + ": the region has extents [0, "
                    + closedExtents.length + ")");
        }
    }

    private int firstClosedExtent() {
        for (int extent = 0; extent < closedExtents.length; extent++) {
            if (closedExtents[extent]) {
                return extent;
            }
        }
        return -1;
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
        if (closedExtentCount != 0) {
            checkExtentsOpen(what, blockOffset, blockCount);
        }
    }

    private void checkExtentsOpen(String what, long blockOffset, int blockCount) {
        int first = (int) (blockOffset / extentSizeBlocks);
        int last = (int) ((blockOffset + blockCount - 1) / extentSizeBlocks);
        for (int extent = first; extent <= last; extent++) {
            if (closedExtents[extent]) {
                throw new RegionRequestException(what + " of " + blockCount + " blocks at block " + blockOffset
                        + " refused: extent " + extent + " is closed for repair");
            }
        }
    }

    /** Closes the store (see {@link ExtentStore#close()}); a region of a closed durable store refuses every IO. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "Region[" + definition + "]";
    }
}
