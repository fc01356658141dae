package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * What a region directory's descriptor file ({@value RegionDirectory#DESCRIPTOR_FILE}) says: the geometry, the
 * region's UUID (which a downstairs will present in its handshake) and the on-disk format version. The file is
 * {@value #LENGTH_BYTES} bytes, big-endian:
 *
 * <pre>
 * offset  bytes  field
 *      0      8  magic, ASCII "CSIMRGN1"
 *      8      4  format version ({@value #FORMAT_VERSION}): the descriptor and the extent files' layout
 *     12      4  block size, bytes
 *     16      4  extent size, blocks
 *     20      4  extent count
 *     24      8  region UUID, most significant 64 bits
 *     32      8  region UUID, least significant 64 bits
 *     40      4  CRC32C of bytes 0..39
 * </pre>
 *
 * A fixed binary layout rather than JSON (Crucible writes {@code region.json}) so that validating it needs no parser
 * and a torn or hand-edited file is told by its checksum. It is written once, at create, and replaced atomically.
 */
record RegionDescriptor(RegionDefinition definition, UUID uuid, int formatVersion) {
    static final int FORMAT_VERSION = 1;
    static final int LENGTH_BYTES = 44;
    private static final byte[] MAGIC = "CSIMRGN1".getBytes(StandardCharsets.US_ASCII);
    private static final int CHECKED_BYTES = 40;

    RegionDescriptor {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(uuid, "uuid");
    }

    byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH_BYTES);
        buffer.put(MAGIC).putInt(formatVersion).putInt(definition.blockSizeBytes())
                .putInt(definition.extentSizeBlocks()).putInt(definition.extentCount())
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        buffer.putInt(checksum(buffer.array()));
        return buffer.array();
    }

    /**
     * @param file named in the message of a refusal
     * @throws RegionStorageException when the bytes are not a descriptor this build reads
     */
    static RegionDescriptor decode(byte[] bytes, Object file) {
        if (bytes.length != LENGTH_BYTES) {
            throw new RegionStorageException("region descriptor " + file + " is " + bytes.length
                    + " bytes; a descriptor is " + LENGTH_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        buffer.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new RegionStorageException("region descriptor " + file + " does not start with the magic "
                    + new String(MAGIC, StandardCharsets.US_ASCII) + ": not a region descriptor");
        }
        if (buffer.getInt(CHECKED_BYTES) != checksum(bytes)) {
            throw new RegionStorageException("region descriptor " + file + " fails its CRC32C check: corrupt");
        }
        int formatVersion = buffer.getInt();
        if (formatVersion != FORMAT_VERSION) {
            throw new RegionStorageException("region descriptor " + file + " has format version " + formatVersion
                    + "; this build reads version " + FORMAT_VERSION);
        }
        int blockSizeBytes = buffer.getInt();
        int extentSizeBlocks = buffer.getInt();
        int extentCount = buffer.getInt();
        UUID uuid = new UUID(buffer.getLong(), buffer.getLong());
        try {
            return new RegionDescriptor(new RegionDefinition(blockSizeBytes, extentSizeBlocks, extentCount), uuid,
                    formatVersion);
        } catch (IllegalArgumentException e) {
            throw new RegionStorageException("region descriptor " + file + " holds no valid geometry: "
                    + e.getMessage(), e);
        }
    }

    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CHECKED_BYTES);
        return (int) crc.getValue();
    }
}
