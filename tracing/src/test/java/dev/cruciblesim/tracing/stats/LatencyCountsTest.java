package dev.cruciblesim.tracing.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.junit.jupiter.api.Test;

/**
 * Counts recorded, added and reset over their recorded range give the histograms that
 * HdrHistogram's own recording, add and reset give, field for field and byte for byte.
 */
class LatencyCountsTest {
    private static final long[][] SHAPES = {
        {}, {0}, {0, 0, 0}, {1}, {0, 5}, {2047, 2048, 2049}, {LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS},
        {0, LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS}, {123_456, 7_000_000, 40_000},
    };

    @Test
    void shouldAddAndResetAsHdrHistogramDoes() {
        SplittableRandom random = new SplittableRandom(7);
        Histogram expected = LatencyHistograms.newHistogram();
        LatencyCounts actual = new LatencyCounts();
        Histogram reference = LatencyHistograms.newHistogram();
        LatencyCounts interval = new LatencyCounts();
        EncodableLatencyCounts encoder = new EncodableLatencyCounts();
        for (int round = 0; round < 200; round++) {
            long[] values = round < SHAPES.length ? SHAPES[round] : randomValues(random);
            for (long value : values) {
                long count = 1 + random.nextInt(3);
                reference.recordValueWithCount(value, count);
                interval.recordValueWithCount(value, count);
            }
            assertSame(reference, interval.toHistogram());
            ByteBuffer direct = ByteBuffer.allocate(encoder.getNeededByteBufferCapacity());
            encoder.view(interval, null, 0, 0).encodeIntoByteBuffer(direct);
            assertArrayEquals(encode(reference), Arrays.copyOf(direct.array(), direct.position()));

            expected.add(reference);
            actual.add(interval);
            assertSame(expected, actual.toHistogram());
            assertEquals(expected.getTotalCount(), actual.totalCount());

            reference.reset();
            interval.reset();
            assertSame(reference, interval.toHistogram());
            assertEquals(0, interval.totalCount());
        }
    }

    /**
     * Reset and add visit only the counts the bitmap marks: if a count were left out of it, a reset
     * would leave it behind and the next interval would carry it. After rounds of recording,
     * adding and resetting, every count of the array is 0 again, and while they hold values the
     * walk over the non-zero ones finds exactly the indexes a full scan finds.
     */
    @Test
    void shouldVisitExactlyTheNonZeroCountsAndLeaveNoneBehindAReset() {
        SplittableRandom random = new SplittableRandom(13);
        LatencyCounts interval = new LatencyCounts();
        LatencyCounts total = new LatencyCounts();
        for (int round = 0; round < 100; round++) {
            long[] values = round < SHAPES.length ? SHAPES[round] : randomValues(random);
            for (long value : values) {
                if (random.nextBoolean()) {
                    interval.recordValue(value);
                } else {
                    interval.recordValueWithCount(value, 1 + random.nextInt(1_000));
                }
            }
            total.add(interval);
            for (LatencyCounts counts : List.of(interval, total)) {
                List<Integer> scanned = new ArrayList<>();
                for (int i = 0; i < LatencyCounts.LENGTH; i++) {
                    if (counts.counts()[i] != 0) {
                        scanned.add(i);
                    }
                }
                List<Integer> walked = new ArrayList<>();
                for (int i = counts.nextNonZero(0); i >= 0; i = counts.nextNonZero(i + 1)) {
                    walked.add(i);
                }
                assertEquals(scanned, walked, "round " + round);
            }
            interval.reset();
            assertEquals(-1, interval.nextNonZero(0));
            assertTrue(Arrays.stream(interval.counts()).allMatch(count -> count == 0), "round " + round);
        }
        total.reset();
        assertTrue(Arrays.stream(total.counts()).allMatch(count -> count == 0));
    }

    @Test
    void shouldAddARecordersIntervalHistogramAsTheSameValuesRecordedHere() {
        SplittableRandom random = new SplittableRandom(11);
        SingleWriterRecorder recorder = new SingleWriterRecorder(LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS,
                LatencyHistograms.SIGNIFICANT_DIGITS);
        Histogram recycled = null;
        for (int round = 0; round < 50; round++) {
            long[] values = round < SHAPES.length ? SHAPES[round] : randomValues(random);
            LatencyCounts direct = new LatencyCounts();
            for (long value : values) {
                recorder.recordValue(value);
                direct.recordValue(value);
            }
            recycled = recorder.getIntervalHistogram(recycled);
            LatencyCounts copied = new LatencyCounts();
            copied.add(recycled);

            assertSame(direct.toHistogram(), copied.toHistogram());
        }
    }

    @Test
    void shouldRefuseWhatTheHistogramCannotHold() {
        LatencyCounts counts = new LatencyCounts();

        assertThrows(ArrayIndexOutOfBoundsException.class, () -> counts.recordValue(-1));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> counts.recordValue(1L << 42));
        assertThrows(IllegalArgumentException.class, () -> counts.recordValueWithCount(5, -1));
        assertThrows(IllegalArgumentException.class, () -> counts.add(new Histogram(1_000, 2)));
        assertEquals(0, counts.totalCount());
        counts.recordValue((1L << 42) - 1); // the top of the last bucket, as in a Histogram
        assertEquals(1, counts.toHistogram().getCountAtValue((1L << 42) - 1));
    }

    @Test
    void shouldLayTheCountsOutAsHdrHistogramDoes() {
        Histogram histogram = LatencyHistograms.newHistogram();
        assertEquals(histogram.getEstimatedFootprintInBytes(), 512 + 8 * LatencyCounts.LENGTH, "33,792 counts");
        for (long value = 0; value < 1L << 42; value = histogram.nextNonEquivalentValue(value)) {
            assertEquals(histogram.lowestEquivalentValue(value), LatencyCounts.valueAt(LatencyCounts.index(value)));
            long highest = histogram.highestEquivalentValue(value);
            assertEquals(LatencyCounts.index(value), LatencyCounts.index(highest), "one index per equivalent range");
            assertEquals(highest, LatencyCounts.highestValueAt(LatencyCounts.index(value)));
        }
    }

    private static long[] randomValues(SplittableRandom random) {
        long[] values = new long[random.nextInt(50)];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (random.nextInt(4)) {
                case 0 -> random.nextLong(5_000);
                case 1 -> random.nextLong(50_000_000);
                case 2 -> random.nextLong(LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS + 1);
                default -> 1L << random.nextInt(42);
            };
        }
        return values;
    }

    private static void assertSame(Histogram expected, Histogram actual) {
        assertEquals(expected, actual);
        assertEquals(expected.getTotalCount(), actual.getTotalCount());
        assertEquals(expected.getMaxValue(), actual.getMaxValue());
        assertEquals(expected.getMinNonZeroValue(), actual.getMinNonZeroValue());
        assertEquals(expected.getMinValue(), actual.getMinValue());
        assertEquals(expected.getStartTimeStamp(), actual.getStartTimeStamp());
        assertEquals(expected.getEndTimeStamp(), actual.getEndTimeStamp());
        assertEquals(expected.getTag(), actual.getTag());
        assertArrayEquals(encode(expected), encode(actual));
        for (long value = 0; value < 1 << 20; value = expected.nextNonEquivalentValue(value) * 3) {
            assertEquals(expected.getCountAtValue(value), actual.getCountAtValue(value));
        }
    }

    private static byte[] encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }
}
