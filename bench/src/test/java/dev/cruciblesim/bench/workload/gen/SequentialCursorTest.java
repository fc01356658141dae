package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialCursorTest {
    private static final int KIB = 1024;

    @Test
    void shouldAdvanceByEachIoAndWrapAtTheRegionEnd() {
        SequentialCursor cursor = new SequentialCursor(1 << 20, 16 * KIB);
        long[] expected = {1 << 20, (1 << 20) + 4 * KIB, (1 << 20) + 8 * KIB, (1 << 20) + 12 * KIB, 1 << 20,
            (1 << 20) + 4 * KIB};
        for (long offset : expected) {
            assertEquals(offset, cursor.next(4 * KIB));
        }
        assertEquals(1, cursor.wraps());
        assertEquals((1 << 20) + 8 * KIB, cursor.positionBytes());
    }

    @Test
    void shouldSkipATailShorterThanTheIo() {
        SequentialCursor cursor = new SequentialCursor(0, 10 * KIB);
        assertEquals(0, cursor.next(4 * KIB));
        assertEquals(4 * KIB, cursor.next(4 * KIB));
        assertEquals(0, cursor.next(4 * KIB), "8k + 4k would pass the 10k end");
        assertEquals(4 * KIB, cursor.next(2 * KIB));
        assertEquals(6 * KIB, cursor.next(4 * KIB), "an IO that ends exactly at the end fits");
        assertEquals(0, cursor.next(512));
        assertEquals(2, cursor.wraps());
    }

    @Test
    void shouldTakeAnIoAsLargeAsTheRegion() {
        SequentialCursor cursor = new SequentialCursor(512, 8 * KIB);
        for (int i = 0; i < 3; i++) {
            assertEquals(512, cursor.next(8 * KIB));
        }
    }

    @Test
    void shouldKeepEachDirectionsPositionApart() {
        // fio keeps a position per direction; an engine holds one cursor for reads and one for writes.
        SequentialCursor reads = new SequentialCursor(0, 64 * KIB);
        SequentialCursor writes = new SequentialCursor(0, 64 * KIB);
        assertEquals(0, reads.next(4 * KIB));
        assertEquals(4 * KIB, reads.next(4 * KIB));
        assertEquals(0, writes.next(8 * KIB));
        assertEquals(8 * KIB, reads.next(4 * KIB));
        assertEquals(8 * KIB, writes.next(8 * KIB));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "-1, 4096", "9223372036854775807, 1"})
    void shouldRefuseARegionThatIsEmptyOrOutOfBounds(long start, long length) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SequentialCursor(start, length));
        assertTrue(e.getMessage().startsWith("a sequential region needs a start >= 0 and a length >= 1"),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0", "-4096", "8193"})
    void shouldRefuseAnIoThatCannotFitTheRegion(int ioBytes) {
        SequentialCursor cursor = new SequentialCursor(0, 8 * KIB);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cursor.next(ioBytes));
        assertEquals("a sequential IO must be 1..8192 bytes, got " + ioBytes, e.getMessage());
    }
}
