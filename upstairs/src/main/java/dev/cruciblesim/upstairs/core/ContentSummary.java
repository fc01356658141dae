package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.util.zip.CRC32C;

/** A short, comparable description of one block's content, for mismatch messages. */
public final class ContentSummary {
    private ContentSummary() {
    }

    /**
     * Describes the block of {@code data} that holds byte {@code index}: its CRC32C, whether it is
     * all zeros, and the byte at {@code index}.
     */
    public static String of(byte[] data, int index, RegionDefinition region) {
        int blockSize = region.blockSizeBytes();
        int blockStart = index - index % blockSize;
        return of(data, blockStart, blockSize) + " with byte " + (index - blockStart) + " = 0x"
                + String.format("%02x", data[index] & 0xff);
    }

    /** Describes {@code length} bytes from {@code offset}: CRC32C and how many bytes are non-zero. */
    public static String of(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int nonZero = 0;
        for (int i = offset; i < offset + length; i++) {
            if (data[i] != 0) {
                nonZero++;
            }
        }
        return "[crc32c " + String.format("%08x", crc.getValue()) + ", "
                + (nonZero == 0 ? "all zeros" : nonZero + " of " + length + " bytes non-zero") + "]";
    }
}
