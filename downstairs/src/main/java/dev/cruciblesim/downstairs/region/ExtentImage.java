package dev.cruciblesim.downstairs.region;

/**
 * A whole extent as start-up reconciliation copies it from the source downstairs to the others: its blocks and the
 * metadata they were flushed with. The copy is clean by construction, since the source is flushed before it is read
 * ({@code ExtentFlush} comes first in the repair of each extent).
 *
 * <p>Exactly one of {@code data} (a store of bytes: every block, {@code extentSizeBlocks x blockSizeBytes}) and
 * {@code tokens} (a store of stamps: one write token per block) is non-null; what else a store keeps per block is
 * nothing yet: this project keeps no per-block contexts or hashes. The arrays are handed over, not copied: an image
 * is made for one copy, and neither side changes them afterwards.
 */
public record ExtentImage(int extent, long flushNumber, long generation, byte[] data, long[] tokens) {
    public ExtentImage {
        if (extent < 0) {
            throw new IllegalArgumentException("extent must not be negative, got " + extent);
        }
        if (flushNumber < 0 || generation < 0) {
            throw new IllegalArgumentException("extent " + extent + ": flush number " + flushNumber
                    + " and generation " + generation + " must both be non-negative");
        }
        if ((data == null) == (tokens == null)) {
            throw new IllegalArgumentException("extent " + extent + ": an image holds either bytes or stamps");
        }
    }

    public static ExtentImage ofBytes(int extent, long flushNumber, long generation, byte[] data) {
        return new ExtentImage(extent, flushNumber, generation, data, null);
    }

    public static ExtentImage ofTokens(int extent, long flushNumber, long generation, long[] tokens) {
        return new ExtentImage(extent, flushNumber, generation, null, tokens);
    }

    public boolean holdsStamps() {
        return tokens != null;
    }

    /** @return whether bytes {@code [from, to)} of {@code data} are all zero: a block a sparse copy need not store */
    static boolean isZeros(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ExtentImage[extent " + extent + ", flush " + flushNumber + ", gen " + generation + ", "
                + (data != null ? data.length + " B" : tokens.length + " stamps") + "]";
    }
}
