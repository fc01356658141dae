package dev.cruciblesim.tracing.dtrace;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One key of an aggregation with its state merged over all threads: a private copy, safe to keep
 * and to read while firing goes on. The state layout is the function's own (one cell for count,
 * 127 buckets for quantize, ...).
 */
public record AggregationRecord(AggregationKey key, AggregationFunction function, long[] state) {

    /** @return the scalar value (count, sum, min, max, avg) or, for a histogram, the sum of its bucket counts */
    public long value() {
        if (function instanceof AvgFunction) {
            return AvgFunction.average(state);
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
