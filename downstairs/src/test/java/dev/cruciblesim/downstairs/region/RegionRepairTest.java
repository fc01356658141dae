package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.BlockStamp;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import static dev.cruciblesim.downstairs.region.RegionDirectoryTest.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A region's reconciliation steps, one extent at a time: close, flush one extent, copy out, replace, reopen. */
class RegionRepairTest {
    /** 4 extents of 8 blocks of 512 B. */
    private static final RegionDefinition SMALL = new RegionDefinition(512, 8, 4);
    private static final int EXTENT_BYTES = 8 * 512;

    @TempDir
    Path tempDir;

    private String version(Region region, int extent) {
        ExtentVersions versions = region.extentVersions();
        return versions.flushNumbers()[extent] + "/" + versions.generations()[extent] + "/"
                + (versions.dirty()[extent] ? "dirty" : "clean");
    }

    @Test
    void shouldRefuseIoTouchingAClosedExtentAndAFlushUntilItIsReopened() {
        Region region = Region.sparseInMemory(SMALL);
        region.closeExtent(1);

        assertTrue(region.isExtentClosed(1));
        RegionRequestException write = assertThrows(RegionRequestException.class,
                () -> region.write(6, filled(4 * 512, 7))); // blocks 6..9: extents 0 and 1
        assertTrue(write.getMessage().contains("extent 1 is closed for repair"), write.getMessage());
        assertThrows(RegionRequestException.class, () -> region.read(8, 1));
        RegionRequestException flush = assertThrows(RegionRequestException.class, () -> region.flush(3, 1));
        assertTrue(flush.getMessage().contains("extent 1 is closed"), flush.getMessage());
        region.write(0, filled(2 * 512, 5)); // extent 0 stays open
        region.read(16, 8);

        region.reopenExtent(1);
        assertFalse(region.isExtentClosed(1));
        region.write(6, filled(4 * 512, 7));
        region.flush(3, 1);
        assertEquals("3/1/clean", version(region, 1));
    }

    @Test
    void shouldFlushOneExtentWithTheGivenNumbersDirtyOrNot() {
        Region region = Region.sparseInMemory(SMALL);
        region.write(8, filled(1 * 512, 1));
        region.write(16, filled(1 * 512, 1));

        region.flushExtent(1, 5, 2);
        region.flushExtent(3, 6, 3); // clean, stamped all the same

        assertEquals("5/2/clean", version(region, 1));
        assertEquals("0/0/dirty", version(region, 2));
        assertEquals("6/3/clean", version(region, 3));
    }

    @Test
    void shouldHandOutOnlyAClosedExtentAndRefuseAnExtentOutsideTheRegion() {
        Region region = Region.sparseInMemory(SMALL);
        RegionRequestException open = assertThrows(RegionRequestException.class, () -> region.readExtentImage(0));
        assertTrue(open.getMessage().contains("it is open"), open.getMessage());
        RegionRequestException outside = assertThrows(RegionRequestException.class, () -> region.closeExtent(4));
        assertTrue(outside.getMessage().contains("extents [0, 4)"), outside.getMessage());
        assertThrows(RegionRequestException.class, () -> region.replaceExtent(ExtentImage.ofBytes(0, 1, 1,
                new byte[EXTENT_BYTES])), "an open extent is not replaced");
    }

    @Test
    void shouldCopyAnExtentBetweenMemoryRegionsDataAndNumbersAndLeaveTheCopyClean() {
        assertCopies(definition -> Region.sparseInMemory(definition), definition -> Region.sparseInMemory(definition));
    }

    @Test
    void shouldCopyAnExtentBetweenFileRegions() {
        int[] count = {0};
        Function<RegionDefinition, Region> onDisk = definition -> Region.create(tempDir.resolve("r" + count[0]++),
                definition, false);
        assertCopies(onDisk, onDisk);
    }

    private void assertCopies(Function<RegionDefinition, Region> sources, Function<RegionDefinition, Region> dests) {
        try (Region source = sources.apply(SMALL); Region dest = dests.apply(SMALL)) {
            source.write(8, filled(3 * 512, 0x11)); // blocks 0..2 of extent 1; the rest stays zeros
            source.flush(4, 2);
            dest.write(12, filled(4 * 512, 0x22)); // blocks 4..7 of extent 1: only the destination has them
            dest.write(0, filled(1 * 512, 0x33)); // extent 0: not repaired, must stay
            repair(source, dest, 1);

            assertArrayEquals(source.read(8, 8), dest.read(8, 8));
            assertEquals("4/2/clean", version(dest, 1));
            assertEquals("0/0/dirty", version(dest, 0));
            assertArrayEquals(filled(1 * 512, 0x33), dest.read(0, 1));
        }
    }

    /** The region side of one extent's repair, as the two downstairs cores run it: close, copy, reopen. */
    private static void repair(Region source, Region dest, int extent) {
        source.closeExtent(extent);
        dest.closeExtent(extent);
        dest.replaceExtent(source.readExtentImage(extent));
        dest.reopenExtent(extent);
        source.reopenExtent(extent);
    }

    @Test
    void shouldKeepARepairedExtentAcrossReopenAndDeleteAHalfCopyLeftByACrash() throws IOException {
        Path sourceDir = tempDir.resolve("source");
        Path destDir = tempDir.resolve("dest");
        try (Region source = Region.create(sourceDir, SMALL, false); Region dest = Region.create(destDir, SMALL, false)) {
            source.write(24, filled(8 * 512, 0x44));
            source.flush(9, 3);
            dest.write(24, filled(1 * 512, 0x55)); // dirty, never flushed
            source.closeExtent(3);
            dest.closeExtent(3);
            dest.replaceExtent(source.readExtentImage(3));
        }
        Path halfCopy = destDir.resolve(RegionDirectory.repairFileName(2));
        Files.write(halfCopy, new byte[100]);

        try (Region reopened = Region.open(destDir)) {
            assertArrayEquals(filled(8 * 512, 0x44), reopened.read(24, 8));
            assertEquals("9/3/clean", version(reopened, 3));
        }
        assertFalse(Files.exists(halfCopy), "a repair copy never renamed in is deleted at open");
        assertFalse(Files.exists(destDir.resolve(RegionDirectory.repairFileName(3))), "the copy was renamed in");
    }

    @Test
    void shouldCopyAnExtentOfStamps() {
        Region source = Region.stampsInMemory(SMALL);
        Region dest = Region.stampsInMemory(SMALL);
        source.writeStamped(8, 3, 77);
        source.writeStamped(11, 2, 78);
        source.flush(2, 1);
        dest.writeStamped(13, 3, 99);
        repair(source, dest, 1);

        assertArrayEquals(source.readStamps(8, 8), dest.readStamps(8, 8));
        assertEquals(BlockStamp.of(9, 77), dest.readStamps(9, 1)[0]);
        assertEquals("2/1/clean", version(dest, 1));
    }

    @Test
    void shouldRefuseACopyOfAnotherKindOrSize() {
        Region bytes = Region.sparseInMemory(SMALL);
        bytes.closeExtent(0);
        RegionRequestException kind = assertThrows(RegionRequestException.class,
                () -> bytes.replaceExtent(ExtentImage.ofTokens(0, 1, 1, new long[8])));
        assertTrue(kind.getMessage().contains("holds stamps"), kind.getMessage());
        RegionRequestException size = assertThrows(RegionRequestException.class,
                () -> bytes.replaceExtent(ExtentImage.ofBytes(0, 1, 1, new byte[EXTENT_BYTES - 512])));
        assertTrue(size.getMessage().contains(EXTENT_BYTES - 512 + " bytes"), size.getMessage());
    }
}
