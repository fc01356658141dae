package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.BlockStamp;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.WriteRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A region of stamps: each block holds the token of its last write and reads back as its {@link BlockStamp}. */
class StampRegionTest {
    /** 1 TiB of 4 KiB blocks in 262,144 extents of 1024 blocks. */
    private static final RegionDefinition ONE_TIB = new RegionDefinition(4096, 1024, 262_144);
    /** 4 extents of 8 blocks: small enough to reason about extent boundaries. */
    private static final RegionDefinition SMALL = new RegionDefinition(512, 8, 4);

    @Test
    void shouldReadBackEachBlocksStampOfItsLastWrite() {
        Region region = Region.stampsInMemory(SMALL);
        assertTrue(region.holdsStamps());
        region.write(WriteRequest.stamped(1000, DependencyRange.NONE, 6, 5, 11)); // blocks 6..10, across extents 0-1
        region.write(WriteRequest.stamped(1001, DependencyRange.NONE, 8, 1, 12));

        assertArrayEquals(new long[] {BlockStamp.of(5, 0), BlockStamp.of(6, 11), BlockStamp.of(7, 11),
                BlockStamp.of(8, 12), BlockStamp.of(9, 11), BlockStamp.of(10, 11), BlockStamp.of(11, 0)},
                region.readStamps(5, 7));
        ExtentVersions versions = region.extentVersions();
        assertArrayEquals(new boolean[] {true, true, false, false}, versions.dirty());
    }

    @Test
    void shouldCostWhatWasWrittenNotTheVolumesSize() {
        Region region = Region.stampsInMemory(ONE_TIB);
        assertEquals(1L << 40, ONE_TIB.totalBytes());
        assertEquals(0, region.allocatedBytes());
        region.writeStamped(123_456_789, 256, 1); // 1 MiB
        long oneLargeWrite = region.allocatedBytes();
        assertTrue(oneLargeWrite > 0 && oneLargeWrite <= 100, oneLargeWrite + " bytes for one 1 MiB write");
        for (int token = 2; token < 1000; token++) {
            region.writeStamped(123_456_789, 256, token);
        }
        assertEquals(oneLargeWrite, region.allocatedBytes(), "overwriting costs nothing more");
    }

    @Test
    void shouldRefuseRequestsOfTheOtherPayload() {
        Region stamps = Region.stampsInMemory(SMALL);
        Region bytes = Region.sparseInMemory(SMALL);
        assertFalse(bytes.holdsStamps());
        RegionRequestException readBytes = assertThrows(RegionRequestException.class, () -> stamps.read(0, 1));
        assertTrue(readBytes.getMessage().contains("holds stamps"), readBytes.getMessage());
        assertThrows(RegionRequestException.class, () -> stamps.write(0, new byte[512]));
        assertThrows(RegionRequestException.class,
                () -> stamps.write(new WriteRequest(1000, DependencyRange.NONE, 0, new byte[512])));
        RegionRequestException stampedWrite = assertThrows(RegionRequestException.class,
                () -> bytes.write(WriteRequest.stamped(1000, DependencyRange.NONE, 0, 1, 5)));
        assertTrue(stampedWrite.getMessage().contains("holds bytes"), stampedWrite.getMessage());
        assertThrows(RegionRequestException.class, () -> bytes.readStamps(0, 1));
        assertThrows(RegionRequestException.class, () -> stamps.readStamps(30, 3), "past the region's end");
        assertThrows(RegionRequestException.class, () -> stamps.writeStamped(-1, 1, 5));
    }

    @Test
    void shouldFlushTheExtentsWrittenSinceTheLastFlushAndKeepTheOthersNumbers() {
        Region region = Region.stampsInMemory(ONE_TIB);
        region.writeStamped(5, 1, 1);
        region.writeStamped(1023, 2, 2); // extents 0 and 1
        region.flush(1, 1);
        ExtentVersions versions = region.extentVersions();
        assertEquals(1, versions.flushNumbers()[0]);
        assertEquals(1, versions.flushNumbers()[1]);
        assertEquals(0, versions.flushNumbers()[2]);
        assertFalse(versions.dirty()[0] || versions.dirty()[1]);

        region.writeStamped(5, 1, 3);
        region.flush(2, 1);
        assertEquals(2, region.extentVersions().flushNumbers()[0]);
        assertEquals(1, region.extentVersions().flushNumbers()[1], "a clean extent keeps the numbers it had");
    }
}
