package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The per-entry raw values behind quantize and lquantize: when they exist and what they hold. */
class ValueRecordingTest {
    private final DProgram program = new DProgram();

    private static List<RecordedValues> recorded(Aggregation aggregation) {
        List<RecordedValues> all = new ArrayList<>();
        aggregation.forEachRecordedValues((key, values) -> all.add(values));
        return all;
    }

    private static RecordedValues only(Aggregation aggregation) {
        List<RecordedValues> all = recorded(aggregation);
        assertEquals(1, all.size(), "shard entries with values");
        return all.get(0);
    }

    private static Histogram interval(RecordedValues values) {
        Histogram histogram = RecordedValues.newHistogram();
        values.takeIntervalInto(histogram);
        return histogram;
    }

    @Test
    void shouldRecordNothingUnlessEnabled() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);

        time.aggregate("read", 100);

        assertFalse(time.isValueRecordingEnabled());
        assertTrue(recorded(time).isEmpty());
    }

    @Test
    void shouldIgnoreEnablingOnScalarFunctions() {
        for (AggregationFunction function : List.of(AggregationFunction.count(), AggregationFunction.sum(),
                AggregationFunction.avg(), AggregationFunction.min(), AggregationFunction.max())) {
            Aggregation scalar = program.aggregation(function.name(), function);

            scalar.enableValueRecording();
            scalar.aggregate(5);

            assertFalse(scalar.isValueRecordingEnabled(), function.name());
            assertTrue(recorded(scalar).isEmpty(), function.name());
        }
    }

    @Test
    void shouldRefuseToEnableAfterTheFirstFiring() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.aggregate(1);

        assertThrows(IllegalStateException.class, time::enableValueRecording);
    }

    @Test
    void shouldAcceptEnablingAgainOnceFiring() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        program.enableValueRecording();
        time.aggregate(1);

        program.enableValueRecording();
        time.enableValueRecording();

        assertEquals(1, only(time).count());
    }

    @Test
    void shouldEnableEveryDistributionOfTheProgramIncludingLaterOnes() {
        Aggregation before = program.aggregation("before", AggregationFunction.quantize());
        Aggregation count = program.aggregation("count", AggregationFunction.count());

        program.enableValueRecording();
        Aggregation after = program.aggregation("after", AggregationFunction.lquantize(0, 100, 10));
        Aggregation laterCount = program.aggregation("later", AggregationFunction.count());

        assertTrue(before.isValueRecordingEnabled());
        assertTrue(after.isValueRecordingEnabled());
        assertFalse(count.isValueRecordingEnabled());
        assertFalse(laterCount.isValueRecordingEnabled());
    }

    @Test
    void shouldKeepExactWeightedStatsAndIgnoreNonPositiveWeights() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT64);
        time.enableValueRecording();

        time.aggregate("write", 1, 1_000, 3); // the first firing creates the entry and records too
        time.aggregate("write", 1, 7_777, 2);
        time.aggregate("write", 1, 123, 1);
        time.aggregate("write", 1, 999_999, 0);
        time.aggregate("write", 1, -5, -4);

        RecordedValues values = only(time);
        assertEquals(6, values.count());
        assertEquals(3 * 1_000 + 2 * 7_777 + 123, values.sum());
        assertEquals(123, values.min());
        assertEquals(7_777, values.max());
        Histogram histogram = interval(values);
        assertEquals(6, histogram.getTotalCount());
        assertEquals(3, histogram.getCountAtValue(1_000));
        assertTrue(histogram.valuesAreEquivalent(7_777, histogram.getMaxValue()));
        // The quantize state still takes every weight, 0 and -4 included, as DTrace does.
        assertEquals(3 + 2 + 1 + 0 - 4, time.snapshot().get(0).value());
    }

    @Test
    void shouldCountNegativeValuesOutsideTheHistogramAndClampHugeOnes() {
        Aggregation time = program.aggregation("time", AggregationFunction.lquantize(0, 100, 10));
        time.enableValueRecording();
        long hour = RecordedValues.HIGHEST_TRACKABLE_VALUE_NS;

        time.aggregate(-20);
        time.aggregate(0);
        time.aggregate(hour);
        time.aggregate(hour + 1);
        time.aggregate(Long.MAX_VALUE / 4);

        RecordedValues values = only(time);
        assertEquals(5, values.count());
        assertEquals(1, values.negativeCount());
        assertEquals(2, values.clampedCount());
        assertEquals(-20, values.min());
        assertEquals(Long.MAX_VALUE / 4, values.max());
        Histogram histogram = interval(values);
        assertEquals(values.count() - values.negativeCount(), histogram.getTotalCount());
        assertEquals(3, histogram.getCountAtValue(hour));
        assertEquals(1, histogram.getCountAtValue(0));
    }

    @Test
    void shouldRecordThroughEveryAggregateOverload() {
        Aggregation keyless = program.aggregation("keyless", AggregationFunction.quantize());
        Aggregation string = program.aggregation("string", AggregationFunction.quantize(), KeyType.STRING);
        Aggregation pair = program.aggregation("pair", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT32);
        Aggregation number = program.aggregation("number", AggregationFunction.quantize(), KeyType.INT64);
        Aggregation general = program.aggregation("general", AggregationFunction.quantize(), KeyType.INT64,
                KeyType.STRING);
        program.enableValueRecording();

        for (int i = 0; i < 2; i++) { // the first round inserts, the second finds
            keyless.aggregate(10);
            string.aggregate("s", 10);
            pair.aggregate("s", 1, 10);
            number.aggregate(7, 10);
            general.aggregate(AggregationKey.of(7L, "s"), 10);
        }

        for (Aggregation aggregation : List.of(keyless, string, pair, number, general)) {
            RecordedValues values = only(aggregation);
            assertEquals(2, values.count(), aggregation.name());
            assertEquals(20, values.sum(), aggregation.name());
        }
    }

    @Test
    void shouldStartANewIntervalOnEachTake() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.enableValueRecording();
        time.aggregate(5);
        time.aggregate(6);
        RecordedValues values = only(time);

        assertEquals(2, interval(values).getTotalCount());
        assertEquals(0, interval(values).getTotalCount());
        time.aggregate(7);
        assertEquals(1, interval(values).getTotalCount());
        assertEquals(3, values.count());
    }

    @Test
    void shouldGiveQuantizeBucketsAsPrinted() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.aggregate(0);
        time.aggregate(-3);
        time.aggregate(AggregationKey.EMPTY, 5, 2);
        time.aggregate(7);

        assertEquals("{-2=1, 0=1, 4=3}", time.snapshot().get(0).quantizeBuckets().toString());
    }
}
