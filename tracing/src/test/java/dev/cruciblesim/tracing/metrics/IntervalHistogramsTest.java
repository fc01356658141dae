package dev.cruciblesim.tracing.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cruciblesim.tracing.stats.LatencyHistograms;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntervalHistograms;
import org.junit.jupiter.api.Test;

/** The ranged add and reset give what HdrHistogram's own add and reset give, field for field. */
class IntervalHistogramsTest {
    private static final long[][] SHAPES = {
        {}, {0}, {0, 0, 0}, {1}, {0, 5}, {2047, 2048, 2049}, {LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS},
        {0, LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS}, {123_456, 7_000_000, 40_000},
    };

    @Test
    void shouldAddAndResetAsHdrHistogramDoes() {
        SplittableRandom random = new SplittableRandom(7);
        Histogram expected = LatencyHistograms.newHistogram();
        Histogram actual = LatencyHistograms.newHistogram();
        expected.setStartTimeStamp(0);
        actual.setStartTimeStamp(0);
        Histogram interval = LatencyHistograms.newHistogram();
        for (int round = 0; round < 200; round++) {
            long[] values = round < SHAPES.length ? SHAPES[round] : randomValues(random);
            for (long value : values) {
                interval.recordValueWithCount(value, 1 + random.nextInt(3));
            }
            if (round % 3 == 0) {
                interval.setStartTimeStamp(0);
                interval.setEndTimeStamp(0);
                interval.setTag("t");
            }
            expected.add(interval);
            IntervalHistograms.add(actual, interval);
            assertSame(expected, actual);

            Histogram reference = interval.copy();
            reference.reset();
            IntervalHistograms.reset(interval);
            assertSame(reference, interval);
            assertEquals(0, interval.getTotalCount());
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
