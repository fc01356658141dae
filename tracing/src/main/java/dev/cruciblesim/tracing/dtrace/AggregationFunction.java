package dev.cruciblesim.tracing.dtrace;

/**
 * What an aggregation computes per key (D's {@code count()}, {@code quantize()}, ...): the shape
 * of its per-key state, how one firing updates it, how per-thread shards merge, how records sort
 * (spec §6.1) and how the value prints (§2.2, §3, §4, §7).
 *
 * <p>State lives in a {@code long[]} per key per shard. {@link #update} runs on the shard's owner
 * thread only; everything else works on merged snapshots.
 */
public abstract sealed class AggregationFunction
        permits ScalarFunction, AvgFunction, QuantizeFunction, LinearQuantizeFunction {

    /** {@code count()}: the number of firings. */
    public static AggregationFunction count() {
        return ScalarFunction.COUNT;
    }

    /** {@code sum(value)}. */
    public static AggregationFunction sum() {
        return ScalarFunction.SUM;
    }

    /** {@code min(value)}. */
    public static AggregationFunction min() {
        return ScalarFunction.MIN;
    }

    /** {@code max(value)}. */
    public static AggregationFunction max() {
        return ScalarFunction.MAX;
    }

    /** {@code avg(value)}: printed as the sum divided by the count, truncated toward zero. */
    public static AggregationFunction avg() {
        return AvgFunction.INSTANCE;
    }

    /** {@code quantize(value[, incr])}: 127 power-of-two buckets, negative values included. */
    public static AggregationFunction quantize() {
        return QuantizeFunction.INSTANCE;
    }

    /**
     * {@code lquantize(value, base, limit[, step[, incr]])}: linear buckets.
     *
     * @throws IllegalArgumentException for the arguments D's compiler rejects (spec §4.1)
     */
    public static AggregationFunction lquantize(int base, int limit, int step) {
        return new LinearQuantizeFunction(base, limit, step);
    }

    AggregationFunction() {
    }

    /** @return the D name, e.g. {@code quantize} */
    public abstract String name();

    abstract int stateLength();

    /** Sets a fresh entry's state before its first update (min and max start at the far end). */
    void initialize(long[] state) {
    }

    /** Owner thread only; publishes with {@link Cells}. {@code incr} is the histogram weight, ignored by scalars. */
    abstract void update(long[] state, long value, long incr);

    /** Folds snapshot {@code from} into {@code into}; both are private copies. */
    abstract void merge(long[] into, long[] from);

    /** The §6.1 value order; ties fall through to the key order. */
    abstract int compareValues(long[] a, long[] b);

    /** Appends the default-format value field (§2.2): {@code "␠"+R16} or a histogram block. */
    abstract void appendValue(StringBuilder out, long[] state);

    /** Appends the value for a {@code %@} conversion in a printa format (§7). */
    abstract void appendFormatted(StringBuilder out, PrintFormat.Conversion conversion, long[] state);

    @Override
    public String toString() {
        return name() + "()";
    }
}
