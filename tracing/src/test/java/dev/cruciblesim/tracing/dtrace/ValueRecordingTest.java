package dev.cruciblesim.tracing.dtrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.tracing.stats.LatencyCounts;
import dev.cruciblesim.tracing.stats.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-entry raw values behind quantize and lquantize: when they exist and what they hold. Tests
 * taking {@code singleThreaded} run in both recording modes, which must hold the same values.
 */
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

    /** @return the values taken as a histogram, empty if the take gave none */
    private static Histogram interval(RecordedValues values) {
        LatencyCounts taken = values.takeInterval();
        return taken == null ? LatencyHistograms.newHistogram() : taken.toHistogram();
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

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldKeepExactWeightedStatsAndIgnoreNonPositiveWeights(boolean singleThreaded) {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT64);
        time.enableValueRecording(singleThreaded);

        time.aggregate("write", 1, 1_000, 3); // the first firing creates the entry and records too
        time.aggregate("write", 1, 7_777, 2);
        time.aggregate("write", 1, 123, 1);
        time.aggregate("write", 1, 999_999, 0);
        time.aggregate("write", 1, -5, -4);

        RecordedValues values = only(time);
        assertEquals(singleThreaded, values.isSingleThreaded());
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

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldCountNegativeValuesOutsideTheHistogramAndClampHugeOnes(boolean singleThreaded) {
        Aggregation time = program.aggregation("time", AggregationFunction.lquantize(0, 100, 10));
        time.enableValueRecording(singleThreaded);
        long hour = LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS;

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

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldRecordThroughEveryAggregateOverload(boolean singleThreaded) {
        Aggregation keyless = program.aggregation("keyless", AggregationFunction.quantize());
        Aggregation string = program.aggregation("string", AggregationFunction.quantize(), KeyType.STRING);
        Aggregation pair = program.aggregation("pair", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT32);
        Aggregation number = program.aggregation("number", AggregationFunction.quantize(), KeyType.INT64);
        Aggregation general = program.aggregation("general", AggregationFunction.quantize(), KeyType.INT64,
                KeyType.STRING);
        program.enableValueRecording(singleThreaded);

        for (int i = 0; i < 2; i++) { // the first round inserts, the second finds
            keyless.aggregate(10);
            string.aggregate("s", 10);
            pair.aggregate("s", 1, 10);
            number.aggregate(7, 10);
            general.aggregate(AggregationKey.of(7L, "s"), 10);
        }

        for (Aggregation aggregation : List.of(keyless, string, pair, number, general)) {
            RecordedValues values = only(aggregation);
            assertEquals(singleThreaded, values.isSingleThreaded(), aggregation.name());
            assertEquals(2, values.count(), aggregation.name());
            assertEquals(20, values.sum(), aggregation.name());
        }
    }

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldStartANewIntervalOnEachTake(boolean singleThreaded) {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.enableValueRecording(singleThreaded);
        time.aggregate(5);
        time.aggregate(6);
        RecordedValues values = only(time);

        assertEquals(2, interval(values).getTotalCount());
        assertEquals(0, interval(values).getTotalCount());
        time.aggregate(7);
        assertEquals(1, interval(values).getTotalCount());
        assertEquals(3, values.count());
    }

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldTakeNothingFromAnEntryThatRecordedNoHistogramValueSinceTheLastTake(boolean singleThreaded) {
        Aggregation time = program.aggregation("time", AggregationFunction.lquantize(-100, 100, 10));
        time.enableValueRecording(singleThreaded);
        time.aggregate(5);
        RecordedValues values = only(time);

        assertEquals(1, values.takeInterval().totalCount());
        assertNull(values.takeInterval(), "nothing since the last take");
        time.aggregate(-5);
        assertNull(values.takeInterval(), "negative values are not histogram values");
        time.aggregate(AggregationKey.EMPTY, 9, 0);
        assertNull(values.takeInterval(), "a zero weight records nothing");
        time.aggregate(6);
        assertEquals(1, values.takeInterval().totalCount());
        assertEquals(3, values.count());
        assertEquals(1, values.negativeCount());
    }

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldHandOverATakenIntervalThatLaterRecordingDoesNotChange(boolean singleThreaded) {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.enableValueRecording(singleThreaded);
        time.aggregate(5);
        time.aggregate(5_000);
        RecordedValues values = only(time);

        LatencyCounts firstCounts = values.takeInterval();
        time.aggregate(7);
        Histogram second = values.takeInterval().toHistogram();
        Histogram first = firstCounts.toHistogram();

        assertEquals(2, first.getTotalCount());
        assertEquals(1, first.getCountAtValue(5));
        assertEquals(0, first.getCountAtValue(7));
        assertEquals(1, second.getTotalCount());
        assertEquals(1, second.getCountAtValue(7));
        assertEquals(7, second.getMaxValue());
    }

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldReuseRecycledCountsEmptied(boolean singleThreaded) {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.enableValueRecording(singleThreaded);
        time.aggregate(5);
        RecordedValues values = only(time);

        LatencyCounts first = values.takeInterval();
        values.recycle(first);
        time.aggregate(6);
        LatencyCounts second = values.takeInterval();
        values.recycle(second);
        time.aggregate(7);
        time.aggregate(8);
        LatencyCounts third = values.takeInterval();

        assertSame(first, third, "the recycled counts came back");
        Histogram histogram = third.toHistogram();
        assertEquals(2, histogram.getTotalCount());
        assertEquals(0, histogram.getCountAtValue(5), "and were emptied first");
        assertEquals(1, histogram.getCountAtValue(7));
        assertEquals(8, histogram.getMaxValue());
        assertEquals(4, values.count());
    }

    @Test
    void shouldRefuseToRecycleTheCountsThatRecordTheCurrentInterval() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.enableValueRecording(true);
        time.aggregate(5);
        RecordedValues values = only(time);
        LatencyCounts first = values.takeInterval();
        values.recycle(first);
        time.aggregate(6);
        values.takeInterval(); // first now records the current interval

        assertThrows(IllegalArgumentException.class, () -> values.recycle(first));
        time.aggregate(7);
        assertNotNull(values.takeInterval());
    }

    @Test
    void shouldFixTheRecordingModeOnceFiring() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        time.enableValueRecording();
        time.enableValueRecording(true); // no firing yet: the mode may still change
        assertTrue(time.isValueRecordingSingleThreaded());
        time.aggregate(1);

        time.enableValueRecording(true);
        assertThrows(IllegalStateException.class, () -> time.enableValueRecording(false));
        assertThrows(IllegalStateException.class, time::enableValueRecording);
        assertTrue(time.isValueRecordingSingleThreaded());
        assertTrue(only(time).isSingleThreaded());
    }

    @Test
    void shouldEnableSingleThreadedRecordingOnEveryDistributionOfTheProgramIncludingLaterOnes() {
        Aggregation before = program.aggregation("before", AggregationFunction.quantize());
        Aggregation count = program.aggregation("count", AggregationFunction.count());

        program.enableValueRecording(true);
        Aggregation after = program.aggregation("after", AggregationFunction.lquantize(0, 100, 10));

        assertTrue(before.isValueRecordingSingleThreaded());
        assertTrue(after.isValueRecordingSingleThreaded());
        assertFalse(count.isValueRecordingEnabled());
        assertFalse(count.isValueRecordingSingleThreaded());
    }

    @Test
    void shouldRecordConcurrentlyByDefault() {
        Aggregation time = program.aggregation("time", AggregationFunction.quantize());
        program.enableValueRecording();
        time.aggregate(1);

        assertTrue(time.isValueRecordingEnabled());
        assertFalse(time.isValueRecordingSingleThreaded());
        assertFalse(only(time).isSingleThreaded());
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
