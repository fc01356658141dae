package dev.cruciblesim.sim.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolRecordsTest {
    @Test
    void shouldDescribeDependencyRanges() {
        DependencyRange range = DependencyRange.of(1000, 1004);
        assertEquals(5, range.size());
        assertTrue(range.contains(1000) && range.contains(1004));
        assertFalse(range.contains(999) || range.contains(1005));
        assertSame(DependencyRange.NONE, DependencyRange.of(1000, 999));
        assertTrue(DependencyRange.NONE.isEmpty());
        assertEquals(0, DependencyRange.NONE.size());
        assertFalse(DependencyRange.NONE.contains(0));
        assertEquals("[1000..1004]", range.toString());
    }

    @Test
    void shouldValidateRegionGeometry() {
        RegionDefinition region = new RegionDefinition(4096, 100, 15);
        assertEquals(1500, region.totalBlocks());
        assertEquals(1500L * 4096, region.totalBytes());
        assertThrows(IllegalArgumentException.class, () -> new RegionDefinition(4000, 100, 15));
        assertThrows(IllegalArgumentException.class, () -> new RegionDefinition(256, 100, 15));
        assertThrows(IllegalArgumentException.class, () -> new RegionDefinition(65536, 100, 15));
        assertThrows(IllegalArgumentException.class, () -> new RegionDefinition(4096, 0, 15));
        IllegalArgumentException noExtents = assertThrows(IllegalArgumentException.class,
                () -> new RegionDefinition(4096, 100, 0));
        assertTrue(noExtents.getMessage().contains("extent count"), noExtents.getMessage());
    }

    @Test
    void shouldCompareExtentVersionsByValueAndCopyArrays() {
        long[] gens = {1, 2};
        ExtentVersions versions = new ExtentVersions(gens, new long[] {3, 4}, new boolean[] {false, true});
        gens[0] = 99;
        assertEquals(1, versions.generations()[0], "the record copied the array on the way in");
        versions.generations()[1] = 99;
        assertEquals(2, versions.generations()[1], "the record copies the array on the way out");

        ExtentVersions same = new ExtentVersions(new long[] {1, 2}, new long[] {3, 4}, new boolean[] {false, true});
        ExtentVersions dirtier = new ExtentVersions(new long[] {1, 2}, new long[] {3, 4}, new boolean[] {true, true});
        assertEquals(versions, same);
        assertEquals(versions.hashCode(), same.hashCode());
        assertTrue(versions.sameVersionsAs(same));
        assertNotEquals(versions, dirtier);
        assertThrows(IllegalArgumentException.class,
                () -> new ExtentVersions(new long[1], new long[2], new boolean[1]));
    }

    @Test
    void shouldTellOperationsAndSuccessOfReplies() {
        assertEquals(IoOp.WRITE, new WriteAck(1000, null).op());
        assertTrue(new WriteAck(1000, null).isOk());
        assertFalse(new FlushAck(1001, "disk on fire").isOk());
        assertEquals(IoOp.READ, new ReadResponse(1002, new byte[0], null).op());
        assertEquals("read", IoOp.ofOrdinal(0).probeName());
        assertEquals(IoOp.FLUSH, IoOp.ofOrdinal(2));
    }
}
