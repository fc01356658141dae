package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.RegionDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating and opening a region directory, and every way {@link RegionDirectory#open} refuses a damaged one. */
class RegionDirectoryTest {
    /** 3 extents of 8 blocks of 512 B. */
    private static final RegionDefinition SMALL = new RegionDefinition(512, 8, 3);
    private static final long EXTENT_FILE_BYTES = 8 * 512 + ExtentFileFormat.METADATA_BYTES;

    @TempDir
    Path tempDir;

    private Path created() {
        Path dir = tempDir.resolve("region");
        RegionDirectory.create(dir, SMALL, false).close();
        return dir;
    }

    @Test
    void shouldOpenWhatItCreatedWithTheSameGeometryAndUuid() throws IOException {
        Path dir = tempDir.resolve("a").resolve("region");
        UUID uuid;
        try (FileExtentStore store = RegionDirectory.create(dir, SMALL, false)) {
            uuid = store.regionUuid();
            assertEquals(dir, store.directory());
            assertFalse(store.holdsStamps());
        }
        try (FileExtentStore store = RegionDirectory.open(dir)) {
            assertEquals(SMALL, store.definition());
            assertEquals(uuid, store.regionUuid());
            assertEquals(3 * EXTENT_FILE_BYTES, store.allocatedBytes(), "file lengths, metadata included");
            for (int extent = 0; extent < 3; extent++) {
                assertEquals(0, store.flushNumber(extent));
                assertEquals(0, store.generation(extent));
                assertFalse(store.isDirty(extent));
            }
        }
        try (var names = Files.list(dir)) {
            assertEquals(List.of("extent-000000", "extent-000001", "extent-000002", "region.desc"),
                    names.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(RegionDescriptor.LENGTH_BYTES, Files.size(dir.resolve("region.desc")));
        assertEquals(EXTENT_FILE_BYTES, Files.size(dir.resolve("extent-000002")));
    }

    @Test
    void shouldGiveEachNewRegionItsOwnUuid() {
        try (FileExtentStore first = RegionDirectory.create(tempDir.resolve("1"), SMALL, false);
                FileExtentStore second = RegionDirectory.create(tempDir.resolve("2"), SMALL, false)) {
            assertNotEquals(first.regionUuid(), second.regionUuid());
        }
    }

    @Test
    void shouldRefuseANonEmptyDirectoryWithoutForceAndNameIt() throws IOException {
        Path dir = created();
        RegionStorageException e = assertThrows(RegionStorageException.class,
                () -> RegionDirectory.create(dir, SMALL, false));
        assertTrue(e.getMessage().startsWith("cannot create a region in " + dir + ": the directory is not empty"),
                e.getMessage());
        assertTrue(e.getMessage().contains("force"), e.getMessage());

        Path other = Files.createDirectories(tempDir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        e = assertThrows(RegionStorageException.class, () -> RegionDirectory.create(other, SMALL, false));
        assertTrue(e.getMessage().contains(other + ": the directory is not empty (it holds notes.txt)"),
                e.getMessage());
    }

    @Test
    void shouldReplaceAnExistingRegionWithForce() {
        Path dir = tempDir.resolve("region");
        UUID old;
        try (Region region = Region.create(dir, new RegionDefinition(512, 8, 5), false)) {
            region.write(36, filled(512, 7)); // extent 4, which the new region does not have
            region.flush(1, 1);
        }
        try (FileExtentStore store = RegionDirectory.open(dir)) {
            old = store.regionUuid();
        }
        try (FileExtentStore store = RegionDirectory.create(dir, SMALL, true)) {
            assertNotEquals(old, store.regionUuid());
            assertEquals(SMALL, store.definition());
        }
        try (Region region = Region.open(dir)) {
            assertEquals(SMALL, region.definition());
            assertArrayEquals(new byte[SMALL.blockSizeBytes()], region.read(23, 1));
        }
        assertFalse(Files.exists(dir.resolve("extent-000004")), "the old region's extra extents are gone");
    }

    @Test
    void shouldNotReplaceWithForceADirectoryHoldingWhatIsNotARegions() throws IOException {
        Path dir = created();
        Files.writeString(dir.resolve("notes.txt"), "mine");
        RegionStorageException e = assertThrows(RegionStorageException.class,
                () -> RegionDirectory.create(dir, SMALL, true));
        assertEquals("will not replace the region in " + dir + ": it holds notes.txt, which is not part of a region",
                e.getMessage());
        assertTrue(Files.exists(dir.resolve("region.desc")), "nothing deleted");
    }

    @Test
    void shouldRefuseToOpenWhenAnExtentFileIsMissing() throws IOException {
        Path dir = created();
        Files.delete(dir.resolve("extent-000001"));
        assertRefused(dir, "extent file " + dir.resolve("extent-000001") + " is missing: region " + dir
                + " has 3 extents");
    }

    @Test
    void shouldRefuseToOpenWithAFileThatIsNotTheRegions() throws IOException {
        Path dir = created();
        Files.copy(dir.resolve("extent-000002"), dir.resolve("extent-000003"));
        assertRefused(dir, "region directory " + dir + " holds extent-000003, which is not part of a region of 3"
                + " extents");
        Files.delete(dir.resolve("extent-000003"));
        Files.writeString(dir.resolve("extent-1"), "");
        assertRefused(dir, "holds extent-1, which is not part of");
        Files.delete(dir.resolve("extent-1"));
        Files.writeString(dir.resolve("region.desc.tmp"), "");
        assertRefused(dir, "holds region.desc.tmp, which is not part of a region of 3 extents (left by a create that"
                + " was cut short?)");
    }

    @Test
    void shouldRefuseToOpenAnExtentFileOfTheWrongLength() throws IOException {
        Path dir = created();
        Path file = dir.resolve("extent-000001");
        setLength(file, EXTENT_FILE_BYTES - 1);
        assertRefused(dir, "extent file " + file + " is " + (EXTENT_FILE_BYTES - 1) + " bytes, truncated: an extent"
                + " of 8 blocks of 512 B is " + EXTENT_FILE_BYTES + " bytes with its metadata");
        setLength(file, EXTENT_FILE_BYTES + 512);
        assertRefused(dir, "extent file " + file + " is " + (EXTENT_FILE_BYTES + 512) + " bytes, too long");
    }

    @Test
    void shouldRefuseToOpenACorruptOrMissingDescriptor() throws IOException {
        Path dir = created();
        Path descriptor = dir.resolve("region.desc");
        byte[] good = Files.readAllBytes(descriptor);

        byte[] flipped = good.clone();
        flipped[17] ^= 0x01; // the extent size
        Files.write(descriptor, flipped);
        assertRefused(dir, "region descriptor " + descriptor + " fails its CRC32C check: corrupt");

        Files.write(descriptor, Arrays.copyOf(good, 40));
        assertRefused(dir, "region descriptor " + descriptor + " is 40 bytes; a descriptor is 44");

        Files.write(descriptor, new byte[RegionDescriptor.LENGTH_BYTES]);
        assertRefused(dir, "region descriptor " + descriptor + " does not start with the magic CSIMRGN1");

        Files.write(descriptor, new RegionDescriptor(SMALL, UUID.randomUUID(), 2).encode());
        assertRefused(dir, "region descriptor " + descriptor + " has format version 2; this build reads version 1");

        Files.delete(descriptor);
        assertRefused(dir, "region descriptor " + descriptor + " is missing: " + dir + " is not a region");
    }

    @Test
    void shouldRefuseToOpenADirectoryThatIsNotThere() {
        Path dir = tempDir.resolve("nowhere");
        assertRefused(dir, "cannot open the region in " + dir + ": no such directory");
    }

    @Test
    void shouldRefuseAnExtentFileUnderAnotherExtentsName() throws IOException {
        Path dir = created();
        Path first = dir.resolve("extent-000000");
        Files.copy(dir.resolve("extent-000001"), first, StandardCopyOption.REPLACE_EXISTING);
        assertRefused(dir, "extent file " + first + " has no valid metadata: slot A belongs to extent 1 and slot B"
                + " belongs to extent 1");
    }

    private static void assertRefused(Path dir, String expectedMessagePart) {
        RegionStorageException e = assertThrows(RegionStorageException.class, () -> RegionDirectory.open(dir));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    static void setLength(Path file, long lengthBytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(lengthBytes);
        }
    }

    static byte[] filled(int bytes, int value) {
        byte[] data = new byte[bytes];
        Arrays.fill(data, (byte) value);
        return data;
    }
}
