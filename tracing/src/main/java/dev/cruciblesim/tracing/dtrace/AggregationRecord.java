package dev.cruciblesim.tracing.dtrace;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One key of an aggregation with its state merged over all threads: a private copy, safe to keep
 * and to read while firing goes on. The state layout is the function's own (one cell for count,
 * 127 buckets for quantize, ...).
 *
 * @param normal the key's {@code normalize()} factor (an unsigned 64-bit integer), 1 when not
 *               normalized; it divides the printed value only, never {@link #state()} or {@link #value()}
 */
public record AggregationRecord(AggregationKey key, AggregationFunction function, long[] state, long normal) {

    /** A record that is not normalized. */
    public AggregationRecord(AggregationKey key, AggregationFunction function, long[] state) {
        this(key, function, state, Normal.NONE);
    }

    /**
     * @return the scalar value (count, sum, min, max, avg, stddev as DTrace computes it) or, for a
     *         histogram, the sum of its bucket counts; never normalized
     */
    public long value() {
        if (function instanceof AvgFunction) {
            return AvgFunction.average(state);
        }
        if (function instanceof StddevFunction) {
            return StddevFunction.standardDeviation(state, Normal.NONE);
        }
        if (function instanceof ScalarFunction) {
            return state[0];
        }
        long total = 0;
        for (long count : state) {
            total += count;
        }
        return total;
    }

    /**
     * @return the count of the quantize bucket holding {@code value}
     * @throws IllegalStateException if this is not a quantize record
     */
    public long quantizeBucketCount(long value) {
        if (!(function instanceof QuantizeFunction)) {
            throw new IllegalStateException(function + " has no power-of-two buckets");
        }
        return state[QuantizeFunction.bucket(value)];
    }

    /**
     * @return the non-empty quantize buckets, each bucket's lower bound (0, ±2^k, as the report
     *         prints it) → its count, in value order
     * @throws IllegalStateException if this is not a quantize record
     */
    public SortedMap<Long, Long> quantizeBuckets() {
        if (!(function instanceof QuantizeFunction)) {
            throw new IllegalStateException(function + " has no power-of-two buckets");
        }
        SortedMap<Long, Long> buckets = new TreeMap<>();
        for (int i = 0; i < state.length; i++) {
            if (state[i] != 0) {
                buckets.put(QuantizeFunction.label(i), state[i]);
            }
        }
        return Collections.unmodifiableSortedMap(buckets);
    }
}
