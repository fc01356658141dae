package dev.cruciblesim.downstairs.region;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtentMetadataTest {
    @Test
    void shouldFlushExactlyTheExtentsDirtiedSinceTheLastFlushOfAll() {
        ExtentMetadata extents = new ExtentMetadata(1000);
        for (int extent = 0; extent < 40; extent += 2) {
            extents.markDirty(extent);
            extents.markDirty(extent);
        }
        // One flushed on its own, then written again: in the list once, flushed once more.
        extents.flush(4, 7, 1);
        assertFalse(extents.isDirty(4));
        extents.markDirty(4);

        extents.flushDirty(8, 2);

        for (int extent = 0; extent < 1000; extent++) {
            boolean written = extent < 40 && extent % 2 == 0;
            assertFalse(extents.isDirty(extent));
            assertEquals(written ? 8 : 0, extents.flushNumber(extent), "extent " + extent);
            assertEquals(written ? 2 : 0, extents.generation(extent));
        }
        extents.markDirty(999);
        assertTrue(extents.isDirty(999));
        extents.flushDirty(9, 2);
        assertEquals(9, extents.flushNumber(999));
        assertEquals(8, extents.flushNumber(0), "clean since the last flush: left as it was");
    }

    @Test
    void shouldKeepTheExtentsNotYetFlushedListedWhenAFlushFails() {
        ExtentMetadata extents = new ExtentMetadata(10);
        extents.markDirty(1);
        extents.markDirty(3);
        extents.markDirty(5);
        RegionStorageException e = assertThrows(RegionStorageException.class,
                () -> extents.flushDirty(1, 1, (extent, flushNumber, generation) -> {
                    if (extent == 3) {
                        throw new RegionStorageException("extent 3's disk is gone");
                    }
                    extents.flush(extent, flushNumber, generation);
                }));
        assertEquals("extent 3's disk is gone", e.getMessage());
        assertFalse(extents.isDirty(1));
        assertTrue(extents.isDirty(3));
        assertTrue(extents.isDirty(5));

        extents.flushDirty(2, 1);
        assertEquals(1, extents.flushNumber(1));
        assertEquals(2, extents.flushNumber(3), "still listed: the next flush found it");
        assertEquals(2, extents.flushNumber(5));
        assertFalse(extents.isDirty(3) || extents.isDirty(5));
    }
}
