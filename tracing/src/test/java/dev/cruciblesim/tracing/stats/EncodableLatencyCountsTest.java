package dev.cruciblesim.tracing.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

/**
 * Counts encoded by {@link EncodableLatencyCounts} give the very bytes that HdrHistogram's own
 * encoding of a Histogram that recorded the same values gives, uncompressed and compressed, and
 * the same max value; HdrHistogram decodes them back to that Histogram.
 */
class EncodableLatencyCountsTest {
    private static final long HIGHEST = LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS;

    /** One content: values and their counts, pairwise ({value, count, value, count, ...}). */
    private record Content(String name, long... valuesAndCounts) {
    }

    private static List<Content> contents() {
        List<Content> contents = new ArrayList<>();
        contents.add(new Content("empty"));
        contents.add(new Content("one 0", 0, 1));
        contents.add(new Content("three 0s", 0, 3));
        contents.add(new Content("1 alone: a leading run of one zero", 1, 1));
        contents.add(new Content("0 and 1", 0, 1, 1, 1));
        contents.add(new Content("0 and 2: a run of one zero between", 0, 1, 2, 5));
        contents.add(new Content("1 and 3", 1, 2, 3, 1));
        contents.add(new Content("a run of 64 zeros (1 byte)", 0, 1, 65, 1));
        contents.add(new Content("a run of 65 zeros (2 bytes)", 0, 1, 66, 1));
        // Each bucket's edges, and each power of two on both sides, up to the top of the last bucket.
        for (long value : new long[] {2, 1023, 1024, 2047, 2048, 2049, 2050, 4095, 4096, 4097}) {
            contents.add(new Content("edge " + value, value, 1));
        }
        for (int bit = 12; bit < 42; bit++) {
            long power = 1L << bit;
            contents.add(new Content("2^" + bit + " - 1", power - 1, 1));
            contents.add(new Content("2^" + bit, power, 2));
            contents.add(new Content("2^" + bit + " + 1", power + 1, 1));
        }
        contents.add(new Content("highest trackable", HIGHEST, 1));
        contents.add(new Content("highest trackable - 1", HIGHEST - 1, 1));
        contents.add(new Content("top of the last bucket", (1L << 42) - 1, 1));
        contents.add(new Content("0 and the highest", 0, 2, HIGHEST, 3));
        // Counts whose ZigZag form needs 1 to 9 bytes: 2c crosses 2^7k.
        for (int bytes = 1; bytes <= 8; bytes++) {
            long edge = 1L << (7 * bytes - 1);
            contents.add(new Content("count 2^" + (7 * bytes - 1) + " - 1", 5_000, edge - 1, 9_000_000, 1));
            contents.add(new Content("count 2^" + (7 * bytes - 1), 5_000, edge, 9_000_000, 1));
        }
        contents.add(new Content("count 2^60 (9 bytes)", 123_456, 1L << 60));
        contents.add(new Content("count 2^60 among others", 0, 1, 40_000, 1L << 60, 7_000_000, 3, HIGHEST, 1));
        contents.add(new Content("count Long.MAX_VALUE", 777, Long.MAX_VALUE));
        SplittableRandom random = new SplittableRandom(2026);
        for (int round = 0; round < 6; round++) {
            contents.add(new Content("random " + round, randomValues(random, 1_000 + round * 600)));
        }
        return contents;
    }

    /** Values over several magnitudes, from ns to the highest trackable, with counts 1 to 3. */
    private static long[] randomValues(SplittableRandom random, int count) {
        long[] valuesAndCounts = new long[2 * count];
        for (int i = 0; i < count; i++) {
            long bound = switch (random.nextInt(5)) {
                case 0 -> 3_000;
                case 1 -> 100_000;
                case 2 -> 20_000_000;
                case 3 -> 5_000_000_000L;
                default -> HIGHEST + 1;
            };
            valuesAndCounts[2 * i] = random.nextLong(bound);
            valuesAndCounts[2 * i + 1] = 1 + random.nextInt(3);
        }
        return valuesAndCounts;
    }

    @Test
    void shouldEncodeAsHdrHistogramEncodesTheSameValues() throws DataFormatException {
        Histogram expected = LatencyHistograms.newHistogram();
        LatencyCounts counts = new LatencyCounts();
        int[] levels = {9, 9, 1, 6, -1, 0, 9};
        try (EncodableLatencyCounts encoder = new EncodableLatencyCounts()) {
            int round = 0;
            for (Content content : contents()) {
                expected.reset();
                counts.reset();
                for (int i = 0; i < content.valuesAndCounts().length; i += 2) {
                    expected.recordValueWithCount(content.valuesAndCounts()[i], content.valuesAndCounts()[i + 1]);
                    counts.recordValueWithCount(content.valuesAndCounts()[i], content.valuesAndCounts()[i + 1]);
                }
                // The same encoder for every content, at changing levels: its buffer and Deflater are reused.
                assertSame(encoder, encoder.view(counts, "t" + round, round, round + 250));
                int level = levels[round++ % levels.length];
                String name = content.name() + " at level " + level;

                assertEquals(expected.getNeededByteBufferCapacity(), encoder.getNeededByteBufferCapacity(), name);
                assertEquals(expected.getMaxValueAsDouble(), encoder.getMaxValueAsDouble(), name);
                assertArrayEquals(uncompressed(expected), uncompressed(encoder), name);
                byte[] compressed = compressed(encoder, level);
                assertArrayEquals(compressed(expected, level), compressed, name);

                Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
                assertEquals(expected, decoded, name);
                assertEquals(expected.getTotalCount(), decoded.getTotalCount(), name);
                assertEquals(expected.getMinValue(), decoded.getMinValue(), name);
                assertEquals(expected.getMaxValue(), decoded.getMaxValue(), name);
            }
        }
    }

    /**
     * The compact form is the same format: HdrHistogram decodes it to the histogram of the same
     * values. A tiny payload, and heavy counts, are level 9's very bytes; the others, Huffman
     * coding alone, are never larger than level 9's here.
     */
    @Test
    void shouldEncodeCompactlyWhatHdrHistogramDecodesAsTheSameValues() throws DataFormatException {
        Histogram expected = LatencyHistograms.newHistogram();
        LatencyCounts counts = new LatencyCounts();
        List<Content> contents = contents();
        SplittableRandom random = new SplittableRandom(8);
        for (int round = 0; round < 3; round++) {
            long[] heavy = randomValues(random, 2_000);
            for (int i = 1; i < heavy.length; i += 2) {
                heavy[i] = 8 + random.nextInt(200); // at least 8 values per non-zero count
            }
            contents.add(new Content("heavy " + round, heavy));
        }
        int tiny = 0;
        int heavy = 0;
        long compactBytes = 0;
        long level9Bytes = 0;
        try (EncodableLatencyCounts encoder = new EncodableLatencyCounts()) {
            for (Content content : contents) {
                expected.reset();
                counts.reset();
                for (int i = 0; i < content.valuesAndCounts().length; i += 2) {
                    expected.recordValueWithCount(content.valuesAndCounts()[i], content.valuesAndCounts()[i + 1]);
                    counts.recordValueWithCount(content.valuesAndCounts()[i], content.valuesAndCounts()[i + 1]);
                }
                encoder.view(counts, null, 0, 0);
                ByteBuffer buffer = target(encoder);
                int length = encoder.encodeIntoCompactCompressedByteBuffer(buffer);
                assertEquals(length, buffer.position(), content.name());
                byte[] compact = Arrays.copyOf(buffer.array(), length);
                byte[] level9 = compressed(expected, 9);
                ByteBuffer direct = ByteBuffer.allocateDirect(encoder.getNeededByteBufferCapacity() + 3).position(3);
                assertEquals(length, encoder.encodeIntoCompactCompressedByteBuffer(direct), content.name());
                assertEquals(3 + length, direct.position(), content.name());
                byte[] fromDirect = new byte[length];
                direct.get(3, fromDirect);
                assertArrayEquals(compact, fromDirect, content.name() + ", into a direct buffer");

                Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compact), 0);
                assertEquals(expected, decoded, content.name());
                assertEquals(expected.getTotalCount(), decoded.getTotalCount(), content.name());
                assertEquals(expected.getMaxValue(), decoded.getMaxValue(), content.name());
                long nonZeroCounts = 0;
                for (HistogramIterationValue ignored : expected.recordedValues()) {
                    nonZeroCounts++;
                }
                if (uncompressed(expected).length <= EncodableLatencyCounts.SMALL_UNCOMPRESSED_BYTES) {
                    assertArrayEquals(level9, compact, content.name());
                    tiny++;
                } else if (expected.getTotalCount() >= 8 * nonZeroCounts) {
                    assertArrayEquals(level9, compact, content.name());
                    heavy++;
                } else {
                    assertTrue(compact.length <= level9.length, content.name() + ": " + compact.length + " > "
                            + level9.length + " bytes");
                }
                compactBytes += compact.length;
                level9Bytes += level9.length;
            }
        }
        assertTrue(tiny > 10, tiny + " tiny contents");
        assertEquals(3, heavy, "heavy contents");
        assertTrue(compactBytes < level9Bytes, compactBytes + " >= " + level9Bytes);
    }

    @Test
    void shouldWriteZigZagLeb128WithANinthByteOfEightBits() {
        assertEquals("00", zigZag(0));
        assertEquals("01", zigZag(-1));
        assertEquals("02", zigZag(1));
        assertEquals("7f", zigZag(-64));
        assertEquals("8101", zigZag(-65));
        assertEquals("8001", zigZag(64));
        assertEquals("feffffffffffff7f", zigZag((1L << 55) - 1)); // 8 bytes: 56 bits
        assertEquals("8080808080808080" + "01", zigZag(1L << 55)); // 9 bytes: bit 56 in the 9th
        assertEquals("8080808080808080" + "20", zigZag(1L << 60));
        assertEquals("feffffffffffffff" + "ff", zigZag(Long.MAX_VALUE));
        assertEquals("ffffffffffffffff" + "ff", zigZag(Long.MIN_VALUE));
    }

    @Test
    void shouldCarryTheViewsTagAndTimeStamps() {
        try (EncodableLatencyCounts encoder = new EncodableLatencyCounts()) {
            assertEquals(Long.MAX_VALUE, encoder.getStartTimeStamp(), "a Histogram's default");
            assertEquals(0, encoder.getEndTimeStamp(), "a Histogram's default");
            assertNull(encoder.getTag());
            assertThrows(IllegalStateException.class, encoder::getMaxValueAsDouble);

            LatencyCounts counts = new LatencyCounts();
            encoder.view(counts, "perfdw.time", 1_700_000_000_250L, 1_700_000_000_500L);
            assertEquals("perfdw.time", encoder.getTag());
            assertEquals(1_700_000_000_250L, encoder.getStartTimeStamp());
            assertEquals(1_700_000_000_500L, encoder.getEndTimeStamp());
            assertEquals(0.0, encoder.getMaxValueAsDouble());
            encoder.setTag("x");
            encoder.setStartTimeStamp(1);
            encoder.setEndTimeStamp(2);
            assertEquals("x", encoder.getTag());
            assertEquals(1, encoder.getStartTimeStamp());
            assertEquals(2, encoder.getEndTimeStamp());
        }
    }

    @Test
    void shouldRefuseATargetTooSmallAndAClosedDeflater() {
        LatencyCounts counts = new LatencyCounts();
        counts.recordValue(1_000_000);
        EncodableLatencyCounts encoder = new EncodableLatencyCounts().view(counts, null, 0, 0);
        ByteBuffer small = ByteBuffer.allocate(12);
        assertThrows(BufferOverflowException.class, () -> encoder.encodeIntoCompressedByteBuffer(small, 9));
        assertEquals(0, small.position());
        assertThrows(BufferOverflowException.class, () -> encoder.encodeIntoCompactCompressedByteBuffer(small));
        assertEquals(0, small.position());
        assertThrows(BufferOverflowException.class, () -> encoder.encodeIntoByteBuffer(small));
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeIntoCompressedByteBuffer(target(encoder), 10));
        encoder.close();
        assertThrows(IllegalStateException.class, () -> encoder.encodeIntoCompressedByteBuffer(target(encoder), 9));
        assertThrows(IllegalStateException.class, () -> encoder.encodeIntoCompactCompressedByteBuffer(target(encoder)));
    }

    @Test
    void shouldRefuseATargetTooSmallForTheHuffmanCodedForm() {
        LatencyCounts counts = new LatencyCounts();
        for (long valueNs = 10_000; valueNs < 2_000_000; valueNs += 1_700) {
            counts.recordValue(valueNs);
        }
        try (EncodableLatencyCounts encoder = new EncodableLatencyCounts().view(counts, null, 0, 0)) {
            int length = encoder.encodeIntoCompactCompressedByteBuffer(target(encoder));
            for (ByteBuffer small : List.of(ByteBuffer.allocate(length - 1), ByteBuffer.allocateDirect(length - 1),
                    ByteBuffer.allocate(5))) {
                assertThrows(BufferOverflowException.class, () -> encoder.encodeIntoCompactCompressedByteBuffer(small));
                assertEquals(0, small.position());
            }
            assertEquals(length, encoder.encodeIntoCompactCompressedByteBuffer(ByteBuffer.allocate(length)));
        }
    }

    @Test
    void shouldEncodeIntoADirectBufferAtItsPosition() {
        LatencyCounts counts = new LatencyCounts();
        Histogram expected = LatencyHistograms.newHistogram();
        for (long value : new long[] {3, 40_000, 40_001, 9_000_000}) {
            counts.recordValue(value);
            expected.recordValue(value);
        }
        try (EncodableLatencyCounts encoder = new EncodableLatencyCounts().view(counts, null, 0, 0)) {
            ByteBuffer direct = ByteBuffer.allocateDirect(encoder.getNeededByteBufferCapacity() + 3);
            direct.position(3);
            int length = encoder.encodeIntoByteBuffer(direct);
            assertEquals(3 + length, direct.position());
            byte[] bytes = new byte[length];
            direct.get(3, bytes);
            assertArrayEquals(uncompressed(expected), bytes);

            direct.clear().position(3);
            length = encoder.encodeIntoCompressedByteBuffer(direct, 9);
            assertEquals(3 + length, direct.position());
            bytes = new byte[length];
            direct.get(3, bytes);
            assertArrayEquals(compressed(expected, 9), bytes);
        }
    }

    private static String zigZag(long value) {
        byte[] bytes = new byte[9];
        int length = EncodableLatencyCounts.putZigZag(bytes, 0, value);
        return HexFormat.of().formatHex(bytes, 0, length);
    }

    private static ByteBuffer target(EncodableLatencyCounts encoder) {
        return ByteBuffer.allocate(encoder.getNeededByteBufferCapacity());
    }

    private static byte[] uncompressed(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    private static byte[] uncompressed(EncodableLatencyCounts encoder) {
        ByteBuffer buffer = target(encoder);
        int length = encoder.encodeIntoByteBuffer(buffer);
        assertEquals(length, buffer.position());
        return Arrays.copyOf(buffer.array(), length);
    }

    private static byte[] compressed(Histogram histogram, int level) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer, level);
        return Arrays.copyOf(buffer.array(), length);
    }

    private static byte[] compressed(EncodableLatencyCounts encoder, int level) {
        ByteBuffer buffer = target(encoder);
        int length = encoder.encodeIntoCompressedByteBuffer(buffer, level);
        assertEquals(length, buffer.position());
        return Arrays.copyOf(buffer.array(), length);
    }
}
