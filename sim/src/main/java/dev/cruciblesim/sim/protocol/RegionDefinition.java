package dev.cruciblesim.sim.protocol;

/**
 * The geometry of a region: {@code extentCount} extents of {@code extentSizeBlocks} blocks of
 * {@code blockSizeBytes} bytes each. Block sizes are powers of two from 512 B to 32 KiB, as in
 * Crucible.
 */
public record RegionDefinition(int blockSizeBytes, int extentSizeBlocks, int extentCount) {
    public static final int MIN_BLOCK_SIZE_BYTES = 512;
    public static final int MAX_BLOCK_SIZE_BYTES = 32 * 1024;

    public RegionDefinition {
        if (blockSizeBytes < MIN_BLOCK_SIZE_BYTES || blockSizeBytes > MAX_BLOCK_SIZE_BYTES
                || Integer.bitCount(blockSizeBytes) != 1) {
            throw new IllegalArgumentException("block size must be a power of two from "
                    + MIN_BLOCK_SIZE_BYTES + " to " + MAX_BLOCK_SIZE_BYTES + " bytes, got " + blockSizeBytes);
        }
        if (extentSizeBlocks < 1) {
            throw new IllegalArgumentException("extent size must be at least 1 block, got " + extentSizeBlocks);
        }
        if (extentCount < 1) {
            throw new IllegalArgumentException("extent count must be at least 1, got " + extentCount);
        }
    }

    /** @return the number of blocks in the region */
    public long totalBlocks() {
        return (long) extentSizeBlocks * extentCount;
    }

    /** @return the region's size in bytes */
    public long totalBytes() {
        return totalBlocks() * blockSizeBytes;
    }

    @Override
    public String toString() {
        return extentCount + " extents x " + extentSizeBlocks + " blocks x " + blockSizeBytes + " B = "
                + totalBytes() + " B";
    }
}
