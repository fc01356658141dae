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

    @Test
    void shouldShareOneSuccessAckPerWriteAndRefillOnlyARequestWithAReusedPayload() {
        byte[] first = new byte[1024];
        WriteRequest write = WriteRequest.withReusedPayload(1000, DependencyRange.NONE, 4, first);
        WriteAck ack = write.successAck();
        assertEquals(new WriteAck(1000, null), ack);
        assertSame(ack, write.successAck(), "the downstairs storing the same request share its reply");
        byte[][] firstBlocks = write.blocks(512);

        byte[] second = new byte[512];
        assertSame(write, write.refill(1002, 1000, 1001, 9, second));
        assertEquals(WriteRequest.withReusedPayload(1002, DependencyRange.of(1000, 1001), 9, second), write);
        assertEquals(new WriteAck(1002, null), write.successAck(), "a refilled request answers for its new job");
        assertEquals(1, write.blocks(512).length, "the old payload's split must not survive a refill");
        assertSame(second, write.blocks(512)[0]);
        assertEquals(2, firstBlocks.length);
        write.refill(1004, 1004, 1003, 0, second);
        assertSame(DependencyRange.NONE, write.dependencies(), "an empty range is the empty range");
        assertEquals(new WriteRequest(1004, DependencyRange.NONE, 0, second), write);

        WriteRequest kept = new WriteRequest(1003, DependencyRange.NONE, 0, second);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> kept.refill(1004, 1003, 1003, 0, first));
        assertTrue(refused.getMessage().contains("reused payload"), refused.getMessage());
        assertEquals(1003, kept.jobId());
    }
}
