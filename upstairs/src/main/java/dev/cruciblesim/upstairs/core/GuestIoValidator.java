package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.RegionDefinition;

/** The checks every guest read and write passes before it becomes a job; failures name the request. */
public final class GuestIoValidator {
    private GuestIoValidator() {
    }

    /**
     * @return null when a read or write of {@code lengthBytes} at block {@code blockOffset} fits the
     *         region, otherwise a one-line reason
     */
    public static String check(IoOp op, long blockOffset, long lengthBytes, RegionDefinition region) {
        if (region == null) {
            return op.probeName() + " rejected: the upstairs is not active";
        }
        int blockSize = region.blockSizeBytes();
        if (lengthBytes == 0) {
            return op.probeName() + " at block " + blockOffset + " rejected: empty request (0 bytes)";
        }
        if (lengthBytes % blockSize != 0) {
            return op.probeName() + " at block " + blockOffset + " rejected: " + lengthBytes
                    + " bytes is not a multiple of the " + blockSize + "-byte block size";
        }
        long blocks = lengthBytes / blockSize;
        if (blockOffset < 0 || blockOffset >= region.totalBlocks() || blocks > region.totalBlocks() - blockOffset) {
            return op.probeName() + " of " + blocks + " block(s) at block " + blockOffset
                    + " rejected: outside the volume of " + region.totalBlocks() + " blocks";
        }
        return null;
    }
}
