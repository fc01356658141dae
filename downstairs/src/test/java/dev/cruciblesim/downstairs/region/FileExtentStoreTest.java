package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static dev.cruciblesim.downstairs.region.RegionDirectoryTest.filled;
import static dev.cruciblesim.downstairs.region.RegionDirectoryTest.setLength;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the file store keeps across close and reopen, when it writes its metadata, and what a damaged slot costs. */
class FileExtentStoreTest {
    /** 4 extents of 8 blocks of 512 B. */
    private static final RegionDefinition SMALL = new RegionDefinition(512, 8, 4);
    private static final long DATA_BYTES = 8 * 512;
    private static final long SLOT_A = DATA_BYTES;
    private static final long SLOT_B = DATA_BYTES + ExtentFileFormat.SLOT_BYTES;

    @TempDir
    Path tempDir;

    private Path dir() {
        return tempDir.resolve("region");
    }

    private Path extentFile(int extent) {
        return dir().resolve(RegionDirectory.extentFileName(extent));
    }

    /** The extent's current record as its file holds it now, read beside whatever store has the file open. */
    private ExtentFileFormat.Slot onDisk(int extent) throws IOException {
        try (FileChannel channel = FileChannel.open(extentFile(extent), StandardOpenOption.READ)) {
            return ExtentFileFormat.readCurrent(channel, extentFile(extent), SMALL, extent,
                    ByteBuffer.allocate(ExtentFileFormat.RECORD_BYTES), new CRC32C());
        }
    }

    /** An extent's (flush number, generation, dirty) as a region reopened from the directory reports it. */
    private String reopenedVersion(int extent) {
        try (Region region = Region.open(dir())) {
            ExtentVersions versions = region.extentVersions();
            return versions.flushNumbers()[extent] + "/" + versions.generations()[extent] + "/"
                    + (versions.dirty()[extent] ? "dirty" : "clean");
        }
    }

    @Test
    void shouldReadBackFlushedWritesAfterCloseAndReopen() {
        byte[] spanning = new byte[10 * 512];
        for (int i = 0; i < spanning.length; i++) {
            spanning[i] = (byte) (i * 7 + 3);
        }
        try (Region region = Region.create(dir(), SMALL, false)) {
            region.write(5, spanning); // blocks 5..14: extents 0 and 1
            region.write(31, filled(512, 9)); // the last block
            region.flush(4, 2);
        }
        try (Region region = Region.open(dir())) {
            assertArrayEquals(spanning, region.read(5, 10));
            assertArrayEquals(filled(512, 9), region.read(31, 1));
            assertArrayEquals(new byte[512], region.read(16, 1), "never written: zeros");
            ExtentVersions versions = region.extentVersions();
            assertArrayEquals(new long[] {4, 4, 0, 4}, versions.flushNumbers());
            assertArrayEquals(new long[] {2, 2, 0, 2}, versions.generations());
            assertArrayEquals(new boolean[4], versions.dirty());
        }
    }

    /**
     * Crucible keeps a write that no flush has covered: it stays in the file, and the extent dirty, until a flush or
     * a repair. A clean close is not a flush, so both survive it.
     */
    @Test
    void shouldKeepUnflushedWritesAcrossACleanCloseAndLeaveTheirExtentDirty() {
        try (Region region = Region.create(dir(), SMALL, false)) {
            region.write(0, filled(512, 1));
            region.flush(1, 1);
            region.write(0, filled(512, 2));
            region.write(9, filled(512, 3));
        }
        try (Region region = Region.open(dir())) {
            assertArrayEquals(filled(512, 2), region.read(0, 1));
            assertArrayEquals(filled(512, 3), region.read(9, 1));
            ExtentVersions versions = region.extentVersions();
            assertArrayEquals(new boolean[] {true, true, false, false}, versions.dirty());
            assertArrayEquals(new long[] {1, 0, 0, 0}, versions.flushNumbers(), "the numbers of the last flush");
            region.flush(2, 1);
        }
        assertEquals("2/1/clean", reopenedVersion(0));
        assertEquals("2/1/clean", reopenedVersion(1));
        assertEquals("0/0/clean", reopenedVersion(2));
    }

    @Test
    void shouldMarkAnExtentDirtyOnDiskAtItsFirstWriteAndOnlyThen() throws IOException {
        try (FileExtentStore store = RegionDirectory.create(dir(), SMALL, false)) {
            assertEquals(1, onDisk(0).sequence(), "a new file: sequence 0 in A, 1 in B");
            store.write(0, 2, 1, filled(512, 4), 0);

            ExtentFileFormat.Slot dirty = onDisk(0);
            assertTrue(dirty.dirty(), "dirty on disk before any flush");
            assertEquals(2, dirty.sequence());
            for (int i = 0; i < 20; i++) {
                store.write(0, i % 8, 1, filled(512, i), 0);
            }
            assertEquals(2, onDisk(0).sequence(), "no metadata write while the extent stays dirty");
            assertEquals(1, onDisk(1).sequence(), "other extents untouched");

            store.flush(0, 3, 1);
            assertFalse(onDisk(0).dirty());
            assertEquals(3, onDisk(0).sequence());
            store.write(0, 0, 1, filled(512, 5), 0);
            assertEquals(4, onDisk(0).sequence(), "the next clean-to-dirty transition writes once more");
        }
        assertEquals("3/1/dirty", reopenedVersion(0));
    }

    @Test
    void shouldWriteMetadataOfOnlyTheDirtyExtentsOnAFlush() throws IOException {
        try (Region region = Region.create(dir(), SMALL, false)) {
            region.write(0, filled(512, 1));
            region.write(17, filled(512, 1));
            region.flush(1, 1);
        }
        assertEquals(3, onDisk(0).sequence());
        assertEquals(1, onDisk(1).sequence());
        assertEquals(3, onDisk(2).sequence());
        assertEquals(1, onDisk(3).sequence());
    }

    @Test
    void shouldMoveAnIoLargerThanItsBufferInPieces() {
        // 2 MiB extents: one IO of 3 MiB passes through the 1 MiB buffer in pieces, in both extents.
        RegionDefinition large = new RegionDefinition(4096, 512, 2);
        byte[] data = new byte[768 * 4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i / 4096 + i);
        }
        try (Region region = Region.create(dir(), large, false)) {
            region.write(100, data);
        }
        try (Region region = Region.open(dir())) {
            assertArrayEquals(data, region.read(100, 768));
        }
    }

    /**
     * Two flushes leave slot A with the record of the write after the first (1/5, dirty) and slot B with the second
     * flush's (2/6, clean): damage to one slot, in any byte of its record, opens the other, whole.
     */
    @Test
    void shouldOpenTheOldOrTheNewMetadataWhicheverByteOfASlotIsDamaged() throws IOException {
        writeTwoFlushes();
        byte[] good = Files.readAllBytes(extentFile(0));
        for (long slot : new long[] {SLOT_A, SLOT_B}) {
            for (int i = 0; i < ExtentFileFormat.RECORD_BYTES; i++) {
                byte[] damaged = good.clone();
                damaged[(int) slot + i] ^= (byte) 0x40;
                Files.write(extentFile(0), damaged);
                assertEquals(slot == SLOT_A ? "2/6/clean" : "1/5/dirty", reopenedVersion(0),
                        "byte " + i + " of slot " + (slot == SLOT_A ? "A" : "B"));
            }
        }
    }

    /** The second flush's record written only in part, as a crash in the middle of its write leaves it. */
    @Test
    void shouldOpenTheOldOrTheNewMetadataWhereverAFlushsRecordWriteIsTorn() throws IOException {
        Path before = tempDir.resolve("before");
        try (Region region = Region.create(dir(), SMALL, false)) {
            region.write(0, filled(512, 1));
            region.flush(1, 5);
            region.write(1, filled(512, 2));
            Files.copy(extentFile(0), before);
            region.flush(2, 6);
        }
        byte[] after = Files.readAllBytes(extentFile(0));
        for (int tornAt = 0; tornAt <= ExtentFileFormat.RECORD_BYTES; tornAt++) {
            byte[] image = Files.readAllBytes(before);
            System.arraycopy(after, (int) SLOT_B, image, (int) SLOT_B, tornAt);
            Files.write(extentFile(0), image);
            assertEquals(tornAt == ExtentFileFormat.RECORD_BYTES ? "2/6/clean" : "1/5/dirty", reopenedVersion(0),
                    "torn after " + tornAt + " bytes");
        }
    }

    @Test
    void shouldRefuseToOpenAnExtentWhoseSlotsAreBothDamaged() throws IOException {
        writeTwoFlushes();
        byte[] damaged = Files.readAllBytes(extentFile(0));
        damaged[(int) SLOT_A + 20] ^= 1;
        damaged[(int) SLOT_B + 3] ^= 1;
        Files.write(extentFile(0), damaged);
        RegionStorageException e = assertThrows(RegionStorageException.class, () -> Region.open(dir()));
        assertEquals("extent file " + extentFile(0) + " has no valid metadata: slot A fails its CRC32C check and"
                + " slot B fails its CRC32C check", e.getMessage());
    }

    @Test
    void shouldRefuseToOpenAnExtentWhoseMetadataIsCutShort() throws IOException {
        writeTwoFlushes();
        for (long lengthBytes : new long[] {SLOT_B + 20, SLOT_B, DATA_BYTES, DATA_BYTES / 2}) {
            setLength(extentFile(0), lengthBytes);
            RegionStorageException e = assertThrows(RegionStorageException.class, () -> Region.open(dir()));
            assertTrue(e.getMessage().startsWith("extent file " + extentFile(0) + " is " + lengthBytes
                    + " bytes, truncated"), e.getMessage());
        }
    }

    @Test
    void shouldFailAReadOfAFileCutShortWhileOpenRatherThanReadZeros() throws IOException {
        try (Region region = Region.create(dir(), SMALL, false)) {
            region.write(7, filled(512, 6));
            setLength(extentFile(0), 3 * 512);
            RegionStorageException e = assertThrows(RegionStorageException.class, () -> region.read(6, 2));
            assertEquals("extent file " + extentFile(0) + " ends at byte 3072, before the 1024 bytes still to read"
                    + " there: truncated", e.getMessage());
        }
    }

    @Test
    void shouldRefuseEveryCallOnceClosed() {
        FileExtentStore store = RegionDirectory.create(dir(), SMALL, false);
        Region region = new Region(store);
        region.close();
        region.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> region.read(0, 1));
        assertEquals("FileExtentStore[" + dir() + ", " + SMALL + "] is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> region.write(0, new byte[512]));
        assertThrows(IllegalStateException.class, () -> region.flush(1, 1));
        assertThrows(IllegalStateException.class, region::extentVersions);
        assertThrows(IllegalStateException.class, () -> store.flush(0, 1, 1));
        assertThrows(IllegalStateException.class, store::allocatedBytes);
    }

    private void writeTwoFlushes() throws IOException {
        try (Region region = Region.create(dir(), SMALL, false)) {
            region.write(0, filled(512, 1));
            region.flush(1, 5);
            region.write(1, filled(512, 2));
            region.flush(2, 6);
            region.write(8, filled(512, 3)); // another extent, so that extent 0's story is not the only one
        }
        assertEquals("2/6/clean", reopenedVersion(0));
        assertEquals(5, onDisk(0).sequence(), "B current (odd); A holds sequence 4, the write after the first flush");
    }
}
