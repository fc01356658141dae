package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.WriteRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The region's contract, over every store of bytes where it is the store's as much as the region's (the
 * {@code @ParameterizedTest}s), and the in-memory store's own promises (allocation, sharing) over that store alone.
 */
class RegionTest {
    private static final int BLOCK_BYTES = 4096;
    /** 16 extents of 16384 blocks of 4 KiB: 1 GiB. */
    private static final RegionDefinition ONE_GIB = new RegionDefinition(BLOCK_BYTES, 16384, 16);
    /** 4 extents of 8 blocks: small enough to reason about extent boundaries. */
    private static final RegionDefinition SMALL = new RegionDefinition(512, 8, 4);

    /** The stores of bytes a region runs over. */
    enum ByteStore {
        SPARSE_MEMORY, SPARSE_MEMORY_OWN_BLOCKS, FILE
    }

    @TempDir
    Path tempDir;
    private final List<Region> regions = new ArrayList<>();

    @AfterEach
    void closeRegions() {
        regions.forEach(Region::close);
    }

    private Region region(ByteStore store, RegionDefinition definition) {
        Region region = switch (store) {
            case SPARSE_MEMORY -> Region.sparseInMemory(definition);
            case SPARSE_MEMORY_OWN_BLOCKS -> new Region(new SparseMemoryExtentStore(definition,
                    java.util.UUID.randomUUID(), SparseMemoryExtentStore.Blocks.OWN));
            case FILE -> Region.create(tempDir.resolve("region-" + regions.size()), definition, false);
        };
        regions.add(region);
        return region;
    }

    @Test
    void shouldAllocateOnlyTheWrittenBlockOfAOneGibRegion() {
        Region region = Region.sparseInMemory(ONE_GIB);
        assertEquals(1L << 30, ONE_GIB.totalBytes());
        assertEquals(0, region.allocatedBytes());

        region.write(123_456, filled(1, BLOCK_BYTES, 7));

        assertEquals(BLOCK_BYTES, region.allocatedBytes());
    }

    @Test
    void shouldNotAllocateAgainWhenOverwritingABlock() {
        Region region = Region.sparseInMemory(ONE_GIB);
        region.write(5, filled(2, BLOCK_BYTES, 1));
        region.write(5, filled(2, BLOCK_BYTES, 2));
        assertEquals(2L * BLOCK_BYTES, region.allocatedBytes());
        assertArrayEquals(filled(2, BLOCK_BYTES, 2), region.read(5, 2));
    }

    @ParameterizedTest
    @EnumSource(ByteStore.class)
    void shouldReadUnwrittenBlocksAsZeros(ByteStore store) {
        Region region = region(store, ONE_GIB);
        region.write(10, filled(1, BLOCK_BYTES, 9));

        byte[] data = region.read(8, 4); // blocks 8, 9 unwritten; 10 written; 11 unwritten
        byte[] expected = new byte[4 * BLOCK_BYTES];
        Arrays.fill(expected, 2 * BLOCK_BYTES, 3 * BLOCK_BYTES, (byte) 9);
        assertArrayEquals(expected, data);
        assertArrayEquals(new byte[BLOCK_BYTES], region.read(ONE_GIB.totalBlocks() - 1, 1));
    }

    @ParameterizedTest
    @EnumSource(ByteStore.class)
    void shouldRoundTripAWriteThatSpansExtents(ByteStore store) {
        Region region = region(store, SMALL);
        byte[] data = new byte[10 * 512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        region.write(6, data); // blocks 6..15: extents 0, 1 and the first block of 2

        assertArrayEquals(data, region.read(6, 10));
        ExtentVersions versions = region.extentVersions();
        assertArrayEquals(new boolean[] {true, true, false, false}, versions.dirty());
    }

    @ParameterizedTest
    @EnumSource(ByteStore.class)
    void shouldNotRetainTheCallersWriteBuffer(ByteStore store) {
        Region region = region(store, SMALL);
        byte[] data = filled(1, 512, 5);
        region.write(0, data);
        data[0] = 99;
        assertEquals(5, region.read(0, 1)[0]);
    }

    @ParameterizedTest
    @EnumSource(ByteStore.class)
    void shouldStampOnlyDirtyExtentsOnFlushAndClearTheirDirtyBit(ByteStore store) {
        Region region = region(store, SMALL);
        region.write(0, filled(1, 512, 1));  // extent 0
        region.write(17, filled(1, 512, 1)); // extent 2
        region.flush(1, 3);

        region.write(9, filled(1, 512, 1));  // extent 1
        region.flush(2, 3);

        ExtentVersions versions = region.extentVersions();
        assertArrayEquals(new long[] {1, 2, 1, 0}, versions.flushNumbers());
        assertArrayEquals(new long[] {3, 3, 3, 0}, versions.generations());
        assertArrayEquals(new boolean[] {false, false, false, false}, versions.dirty());
    }

    @ParameterizedTest
    @EnumSource(ByteStore.class)
    void shouldReportFreshExtentsAsCleanWithZeroNumbers(ByteStore store) {
        ExtentVersions versions = region(store, SMALL).extentVersions();
        assertEquals(4, versions.extentCount());
        assertArrayEquals(new long[4], versions.flushNumbers());
        assertArrayEquals(new long[4], versions.generations());
        assertArrayEquals(new boolean[4], versions.dirty());
    }

    @ParameterizedTest
    @EnumSource(ByteStore.class)
    void shouldReadBackTheLastWriteOfEachBlockWhicheverWayItWasWritten(ByteStore store) {
        Region region = region(store, SMALL);
        region.write(6, filled(3, 512, 1)); // blocks 6..8, copied
        region.write(new WriteRequest(1000, DependencyRange.NONE, 7, filled(1, 512, 2))); // one block, kept
        region.write(new WriteRequest(1001, DependencyRange.NONE, 8, filled(2, 512, 3))); // 8..9, split, extents 1-2

        byte[] expected = new byte[4 * 512];
        Arrays.fill(expected, 0, 512, (byte) 1);
        Arrays.fill(expected, 512, 1024, (byte) 2);
        Arrays.fill(expected, 1024, 2048, (byte) 3);
        assertArrayEquals(expected, region.read(6, 4));
        assertArrayEquals(filled(1, 512, 2), region.read(7, 1));
        assertArrayEquals(new boolean[] {true, true, false, false}, region.extentVersions().dirty());
    }

    @Test
    void shouldRefuseAReadThatEndsPastTheRegionAndNameTheLimits() {
        Region region = Region.sparseInMemory(SMALL);
        RegionRequestException e = assertThrows(RegionRequestException.class, () -> region.read(30, 3));
        assertEquals("read of 3 blocks at block 30 is outside the region's blocks [0, 32)", e.getMessage());
    }

    @Test
    void shouldRefuseNegativeAndHugeOffsetsWithoutOverflow() {
        Region region = Region.sparseInMemory(SMALL);
        assertThrows(RegionRequestException.class, () -> region.read(-1, 1));
        assertThrows(RegionRequestException.class, () -> region.read(Long.MAX_VALUE, 1));
        assertThrows(RegionRequestException.class, () -> region.write(Long.MAX_VALUE, new byte[512]));
    }

    @Test
    void shouldRefuseAReadOfNoBlocks() {
        Region region = Region.sparseInMemory(SMALL);
        RegionRequestException e = assertThrows(RegionRequestException.class, () -> region.read(0, 0));
        assertTrue(e.getMessage().contains("at least one block"), e.getMessage());
    }

    @Test
    void shouldRefuseAWriteThatIsNotAWholeNumberOfBlocks() {
        Region region = Region.sparseInMemory(SMALL);
        RegionRequestException e = assertThrows(RegionRequestException.class, () -> region.write(2, new byte[700]));
        assertEquals("write of 700 bytes at block 2 is not a whole, non-zero number of 512-byte blocks",
                e.getMessage());
        assertThrows(RegionRequestException.class, () -> region.write(2, new byte[0]));
        assertThrows(RegionRequestException.class, () -> region.write(2, null));
        assertEquals(0, region.allocatedBytes());
    }

    @Test
    void shouldRefuseAWriteThatEndsPastTheRegionWithoutWritingAnything() {
        Region region = Region.sparseInMemory(SMALL);
        assertThrows(RegionRequestException.class, () -> region.write(31, new byte[2 * 512]));
        assertEquals(0, region.allocatedBytes());
        assertArrayEquals(new boolean[4], region.extentVersions().dirty());
    }

    @Test
    void shouldRefuseNegativeFlushNumbers() {
        Region region = Region.sparseInMemory(SMALL);
        assertThrows(RegionRequestException.class, () -> region.flush(-1, 1));
        assertThrows(RegionRequestException.class, () -> region.flush(1, -1));
    }

    private static byte[] filled(int blocks, int blockBytes, int value) {
        byte[] data = new byte[blocks * blockBytes];
        Arrays.fill(data, (byte) value);
        return data;
    }

    @Test
    void shouldStoreAProtocolWriteOnceForEveryDownstairsThatHoldsIt() {
        // Three replicas in one JVM, as the in-process harness has them; a write spanning an extent boundary.
        Region[] replicas = {Region.sparseInMemory(SMALL), Region.sparseInMemory(SMALL), Region.sparseInMemory(SMALL)};
        byte[] data = new byte[3 * 512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i / 512 + 1);
        }
        WriteRequest request = new WriteRequest(1000, DependencyRange.NONE, 6, data);
        for (Region replica : replicas) {
            replica.write(request);
        }
        for (Region replica : replicas) {
            assertArrayEquals(data, replica.read(6, 3));
            assertEquals(3 * 512, replica.allocatedBytes());
        }
        // One split, shared: the three replicas return the very same block array.
        assertTrue(replicas[0].read(7, 1) == replicas[1].read(7, 1) && replicas[1].read(7, 1) == replicas[2].read(7, 1));
        assertTrue(request.blocks(512) == request.blocks(512), "split once per request");
    }

    @ParameterizedTest
    @EnumSource(ByteStore.class)
    void shouldCopyAReusedPayloadRatherThanKeepIt(ByteStore store) {
        Region region = region(store, SMALL);
        byte[] one = filled(1, 512, 7);
        byte[] two = filled(2, 512, 8); // across the boundary of extents 0 and 1
        region.write(WriteRequest.withReusedPayload(1000, DependencyRange.NONE, 3, one));
        region.write(WriteRequest.withReusedPayload(1001, DependencyRange.NONE, 7, two));
        // The upstairs refills its pooled payloads for later writes once the jobs retire.
        Arrays.fill(one, (byte) 1);
        Arrays.fill(two, (byte) 2);
        assertArrayEquals(filled(1, 512, 7), region.read(3, 1));
        assertArrayEquals(filled(2, 512, 8), region.read(7, 2));
    }

    @Test
    void shouldOverwriteItsOwnBlocksInPlaceAndHandOutOnlyCopies() {
        SparseMemoryExtentStore store = new SparseMemoryExtentStore(SMALL, java.util.UUID.randomUUID(),
                SparseMemoryExtentStore.Blocks.OWN);
        Region region = new Region(store);
        region.write(new WriteRequest(1000, DependencyRange.NONE, 2, filled(1, 512, 3)));
        byte[] first = region.read(2, 1);
        assertEquals(512, region.allocatedBytes());

        region.write(new WriteRequest(1001, DependencyRange.NONE, 2, filled(1, 512, 4)));
        assertArrayEquals(filled(1, 512, 3), first, "a read is a copy: the next write of its block leaves it be");
        assertArrayEquals(filled(1, 512, 4), region.read(2, 1));
        assertEquals(512, region.allocatedBytes(), "an overwrite allocates no block");
        assertEquals(null, store.sharedBlock(0, 2));
        assertTrue(region.read(2, 1) != region.read(2, 1), "every read its own array");
    }

    @Test
    void shouldRefuseAProtocolWriteThatIsNotWholeBlocksOrPassesTheEnd() {
        Region region = Region.sparseInMemory(SMALL);
        assertThrows(RegionRequestException.class,
                () -> region.write(new WriteRequest(1000, DependencyRange.NONE, 0, new byte[700])));
        assertThrows(RegionRequestException.class,
                () -> region.write(new WriteRequest(1000, DependencyRange.NONE, 31, new byte[1024])));
        assertEquals(0, region.allocatedBytes(), "a refused write stores nothing");
    }
}
