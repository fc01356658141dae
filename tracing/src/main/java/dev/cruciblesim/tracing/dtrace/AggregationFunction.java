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
        permits ScalarFunction, AvgFunction, StddevFunction, QuantizeFunction, LinearQuantizeFunction,
        LogLinearQuantizeFunction {

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

    /**
     * {@code stddev(value)}: the standard deviation, printed as DTrace prints it, an unsigned
     * integer truncated toward zero (from a count, a sum and a 128-bit sum of squares).
     */
    public static AggregationFunction stddev() {
        return StddevFunction.INSTANCE;
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

    /**
     * {@code llquantize(value, factor, low, high, nsteps[, incr])}: log-linear buckets, illumos and
     * macOS form (spec §5): below factor^low, then nsteps linear steps per power of the factor
     * from factor^low up to factor^(high+1), then at or above factor^(high+1). The arguments are
     * longs so that the compiler can pass D constants as they are; each must fit in 16 bits.
     *
     * @throws IllegalArgumentException with DTrace's own compile-time message for the arguments
     *                                  it rejects, e.g. {@code llquantize( ) factor (argument #1)
     *                                  must be two or more}
     */
    public static AggregationFunction llquantize(long factor, long low, long high, long nsteps) {
        return new LogLinearQuantizeFunction(factor, low, high, nsteps);
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

    /**
     * Appends the default-format value field (§2.2): {@code "␠"+R16} or a histogram block.
     *
     * @param normal the key's {@code normalize()} factor, {@link Normal#NONE} if none
     */
    abstract void appendValue(StringBuilder out, long[] state, long normal);

    /** Appends the value for a {@code %@} conversion in a printa format (§7), normalized like {@link #appendValue}. */
    abstract void appendFormatted(StringBuilder out, PrintFormat.Conversion conversion, long[] state, long normal);

    @Override
    public String toString() {
        return name() + "()";
    }
}
