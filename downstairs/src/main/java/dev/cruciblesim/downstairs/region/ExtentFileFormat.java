package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The layout of one extent file: the extent's blocks, then two metadata slots, as Crucible's RawFile backend keeps
 * block data with trailing metadata in one file per extent. Big-endian throughout.
 *
 * <pre>
 * extent file ({@code D} = extentSizeBlocks x blockSizeBytes)
 * offset        bytes  field
 *      0            D  block data; block b at b x blockSizeBytes; never-written blocks read as zeros
 *      D         4096  slot A: the metadata records of even sequence numbers
 *      D + 4096  4096  slot B: the metadata records of odd sequence numbers
 *                      file length: D + 8192
 *
 * metadata record (the first 40 bytes of a slot; the rest of the slot stays zero)
 * offset  bytes  field
 *      0      4  magic, ASCII "XMD1"
 *      4      4  extent index (catches an extent file under another extent's name)
 *      8      8  sequence number: one more than the record it replaces; even in slot A, odd in slot B
 *     16      8  flush number
 *     24      8  generation
 *     32      1  dirty: 0 clean, 1 dirty
 *     33      3  zero
 *     36      4  CRC32C of bytes 0..35
 * </pre>
 *
 * <p>The current record is the valid one with the higher sequence number; an update writes the other slot and forces
 * it, so that a write torn by a crash damages only the record being written and the one before it still stands. A
 * new file holds sequence 0 in A and 1 in B, both clean at flush number 0 and generation 0, so that either slot alone
 * can be lost before the first update. Each slot has a 4 KiB page of its own: on a device with 4 KiB sectors a torn
 * write of one slot then cannot take the other slot's sector with it; 8 KiB is 0.2 % of a 4 MiB extent.
 */
final class ExtentFileFormat {
    static final int SLOT_BYTES = 4096;
    static final int METADATA_BYTES = 2 * SLOT_BYTES;
    static final int RECORD_BYTES = 40;
    private static final int MAGIC = 0x584d4431; // "XMD1"
    private static final int CHECKED_BYTES = 36;

    /** One metadata record as read from a slot; {@code problem} says why it is not valid, or is null when it is. */
    record Slot(long sequence, long flushNumber, long generation, boolean dirty, String problem) {
        boolean valid() {
            return problem == null;
        }
    }

    private ExtentFileFormat() {
    }

    static long dataBytes(RegionDefinition definition) {
        return (long) definition.extentSizeBlocks() * definition.blockSizeBytes();
    }

    static long fileLengthBytes(RegionDefinition definition) {
        return dataBytes(definition) + METADATA_BYTES;
    }

    /** @return the file position of the slot that holds records of this sequence number's parity */
    static long slotPositionBytes(RegionDefinition definition, long sequence) {
        return dataBytes(definition) + (sequence & 1) * SLOT_BYTES;
    }

    static String slotName(long sequence) {
        return (sequence & 1) == 0 ? "A" : "B";
    }

    /** Fills {@code record} (capacity {@link #RECORD_BYTES}, position 0 on return) with one metadata record. */
    static void encode(ByteBuffer record, CRC32C crc, int extent, long sequence, long flushNumber, long generation,
            boolean dirty) {
        record.clear();
        record.putInt(MAGIC).putInt(extent).putLong(sequence).putLong(flushNumber).putLong(generation)
                .put((byte) (dirty ? 1 : 0)).put((byte) 0).putShort((short) 0);
        crc.reset();
        crc.update(record.array(), record.arrayOffset(), CHECKED_BYTES);
        record.putInt((int) crc.getValue());
        record.flip();
    }

    /** Reads the record in {@code record} (position 0, {@link #RECORD_BYTES} remaining) as found in slot {@code slotParity}. */
    static Slot decode(ByteBuffer record, CRC32C crc, int extent, int slotParity) {
        crc.reset();
        crc.update(record.array(), record.arrayOffset(), CHECKED_BYTES);
        if (record.getInt(CHECKED_BYTES) != (int) crc.getValue()) {
            return invalid("fails its CRC32C check");
        }
        if (record.getInt(0) != MAGIC) {
            return invalid("does not start with the magic XMD1");
        }
        if (record.getInt(4) != extent) {
            return invalid("belongs to extent " + record.getInt(4));
        }
        long sequence = record.getLong(8);
        long flushNumber = record.getLong(16);
        long generation = record.getLong(24);
        byte dirty = record.get(32);
        if (sequence < 0 || (sequence & 1) != slotParity) {
            return invalid("holds sequence number " + sequence + ", which belongs in slot " + slotName(sequence));
        }
        if (flushNumber < 0 || generation < 0 || dirty < 0 || dirty > 1) {
            return invalid("holds flush number " + flushNumber + ", generation " + generation + " and dirty byte "
                    + dirty + ", not all valid");
        }
        return new Slot(sequence, flushNumber, generation, dirty == 1, null);
    }

    private static Slot invalid(String problem) {
        return new Slot(-1, 0, 0, false, problem);
    }

    /**
     * Writes the two slots of a new extent file, whole pages so that the file ends where the layout says; the caller
     * forces it. The block data before them is left a hole: sparse, like {@code setLength}, so that creating a region
     * costs its metadata rather than its size and never-written blocks read as zeros. The price is that a full disk
     * shows at a write rather than at create; preallocating would write every byte of the region once, up front.
     */
    static void initialise(FileChannel channel, RegionDefinition definition, int extent, CRC32C crc)
            throws IOException {
        initialise(channel, definition, extent, crc, 0, 0);
    }

    /**
     * As {@link #initialise(FileChannel, RegionDefinition, int, CRC32C)}, both slots clean at {@code flushNumber} and
     * {@code generation}: the metadata of an extent copied whole from a peer at reconciliation.
     */
    static void initialise(FileChannel channel, RegionDefinition definition, int extent, CRC32C crc, long flushNumber,
            long generation) throws IOException {
        ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES);
        for (long sequence = 0; sequence < 2; sequence++) {
            slot.clear();
            encode(slot.slice(0, RECORD_BYTES), crc, extent, sequence, flushNumber, generation, false);
            writeFully(channel, slot, slotPositionBytes(definition, sequence));
        }
    }

    /**
     * @return the current record of an open extent file, after checking the file's length
     * @throws RegionStorageException when the file is not exactly as long as the layout says, or neither slot is valid
     */
    static Slot readCurrent(FileChannel channel, Path file, RegionDefinition definition, int extent,
            ByteBuffer record, CRC32C crc) throws IOException {
        long lengthBytes = channel.size();
        long expectedBytes = fileLengthBytes(definition);
        if (lengthBytes != expectedBytes) {
            throw new RegionStorageException("extent file " + file + " is " + lengthBytes + " bytes, "
                    + (lengthBytes < expectedBytes ? "truncated" : "too long") + ": an extent of "
                    + definition.extentSizeBlocks() + " blocks of " + definition.blockSizeBytes() + " B is "
                    + expectedBytes + " bytes with its metadata");
        }
        Slot[] slots = new Slot[2];
        for (int parity = 0; parity < 2; parity++) {
            record.clear();
            readFully(channel, record, slotPositionBytes(definition, parity), file);
            record.flip();
            slots[parity] = decode(record, crc, extent, parity);
        }
        if (!slots[0].valid() && !slots[1].valid()) {
            throw new RegionStorageException("extent file " + file + " has no valid metadata: slot A "
                    + slots[0].problem() + " and slot B " + slots[1].problem());
        }
        if (!slots[1].valid()) {
            return slots[0];
        }
        if (!slots[0].valid()) {
            return slots[1];
        }
        return slots[0].sequence() > slots[1].sequence() ? slots[0] : slots[1];
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer, long positionBytes) throws IOException {
        long position = positionBytes;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    /**
     * Fills {@code buffer} from {@code positionBytes}. The file's length was checked at open, so an end of file here
     * means it was cut short since: that is an error, never a run of zeros.
     */
    static void readFully(FileChannel channel, ByteBuffer buffer, long positionBytes, Path file) throws IOException {
        long position = positionBytes;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new RegionStorageException("extent file " + file + " ends at byte " + position + ", before the "
                        + buffer.remaining() + " bytes still to read there: truncated");
            }
            position += read;
        }
    }
}
