package dev.cruciblesim.tracing.dtrace;

import java.util.Arrays;

/**
 * llquantize(value, factor, low, high, nsteps), the illumos and macOS form (spec §5; Oracle Linux's
 * 2.x prints negative buckets and differs, §5.4). Bucket 0 holds values below factor^low. Then each
 * order of magnitude m from low to high covers [factor^m, factor^(m+1)) in steps of
 * factor^(m+1) / nsteps, or of 1 while factor^(m+1) is at most nsteps; a bucket is labelled with
 * its lower bound. The last bucket holds values at or above factor^(high+1). Negative values land
 * in bucket 0; the value is not cut to 32 bits, unlike lquantize's.
 *
 * <p>The compile-time checks and their messages are DTrace's, so that a script's error reads as
 * DTrace's would (the compiler adds the file and line).
 */
final class LogLinearQuantizeFunction extends AggregationFunction {
    private static final long ARGUMENT_MAX = 0xFFFF;
    private static final String[] ARGUMENT_NAMES = {
        "factor", "low magnitude", "high magnitude", "linear steps per magnitude"};

    private final int factor;
    private final int low;
    private final int high;
    private final int nsteps;
    /** The lower bound of every bucket between the underflow and the overflow bucket, ascending. */
    private final long[] lowerBounds;
    /** factor^low: bucket 0 holds what is below. */
    private final long underflowLimit;
    /** factor^(high+1): the last bucket holds what is at or above. */
    private final long overflowLimit;
    /**
     * Where DTrace's kernel stops bucketing normally, or {@code Long.MAX_VALUE}: when factor^(high+2)
     * overflows a signed 64-bit integer (the compile check reads it unsigned, so it may), the
     * kernel clamps every value from factor^high up into the last bucket of the high order, and the
     * overflow bucket stays empty.
     */
    private final long clampFrom;

    LogLinearQuantizeFunction(long factor, long low, long high, long nsteps) {
        long[] arguments = {factor, low, high, nsteps};
        for (int i = 0; i < arguments.length; i++) {
            // D passes uint64_t constants: a negative one is a huge unsigned number.
            if (arguments[i] < 0 || arguments[i] > ARGUMENT_MAX) {
                throw new IllegalArgumentException("llquantize( ) argument #" + (i + 1) + " (" + ARGUMENT_NAMES[i]
                        + ") must be an unsigned 16-bit quantity");
            }
        }
        if (factor < 2) {
            throw new IllegalArgumentException("llquantize( ) factor (argument #1) must be two or more");
        }
        if (low >= high) {
            throw new IllegalArgumentException("llquantize( ) high magnitude (argument #3) must be greater "
                    + "than low magnitude (argument #2)");
        }
        if (nsteps < factor) {
            throw new IllegalArgumentException("llquantize( ) factor (argument #1) must be less than or "
                    + "equal to the number of linear steps per magnitude (argument #4)");
        }
        long power = factor;
        while (power < nsteps) {
            power *= factor;
        }
        if (nsteps % factor != 0 || power % nsteps != 0) {
            throw new IllegalArgumentException("llquantize( ) factor (argument #1) must evenly divide the "
                    + "number of steps per magnitude (argument #4), and the number of steps per magnitude must "
                    + "evenly divide a power of the factor");
        }
        // DTrace's own overflow test: factor^(high+2) must grow at every step, read as unsigned.
        long order = 1;
        for (long i = 0; i <= high + 1; i++) {
            long next = order * factor;
            if (Long.compareUnsigned(next, order) <= 0) {
                throw new IllegalArgumentException("llquantize( ) factor (" + factor + ") raised to power of high "
                        + "magnitude (" + high + ") plus 1 overflows 64-bits");
            }
            order = next;
        }
        this.factor = (int) factor;
        this.low = (int) low;
        this.high = (int) high;
        this.nsteps = (int) nsteps;
        long limit = 1;
        for (int m = 0; m < low; m++) {
            limit *= factor;
        }
        this.underflowLimit = limit;
        long[] bounds = new long[16];
        int count = 0;
        long value = limit;
        long next = value * factor;
        long step = next > nsteps ? next / nsteps : 1;
        for (long m = low; m <= high; ) {
            if (count == bounds.length) {
                bounds = Arrays.copyOf(bounds, count * 2);
            }
            bounds[count++] = value;
            value += step;
            if (value == next) {
                next = value * factor;
                step = next > nsteps ? next / nsteps : 1;
                m++;
            }
        }
        this.lowerBounds = Arrays.copyOf(bounds, count);
        this.overflowLimit = value;
        this.clampFrom = value * factor < value ? value / factor : Long.MAX_VALUE;
    }

    @Override
    public String name() {
        return "llquantize";
    }

    @Override
    int stateLength() {
        return lowerBounds.length + 2;
    }

    /** @return the bucket {@code value} lands in: 0 below factor^low, the last at or above factor^(high+1) */
    int bucket(long value) {
        if (value < underflowLimit) {
            return 0;
        }
        if (value >= clampFrom) {
            return lowerBounds.length;
        }
        if (value >= overflowLimit) {
            return lowerBounds.length + 1;
        }
        int index = Arrays.binarySearch(lowerBounds, value);
        // Not found: -(insertion point) - 1, and the bucket is the one whose lower bound precedes it.
        return index >= 0 ? index + 1 : -index - 1;
    }

    @Override
    void update(long[] state, long value, long incr) {
        Cells.add(state, bucket(value), incr);
    }

    @Override
    void merge(long[] into, long[] from) {
        BucketOrder.merge(into, from);
    }

    /** The value each bucket stands for when sorting (§6.1): one below factor^low, lower bounds, factor^(high+1). */
    private long representative(int bucket) {
        if (bucket == 0) {
            return underflowLimit - 1;
        }
        return bucket <= lowerBounds.length ? lowerBounds[bucket - 1] : overflowLimit;
    }

    @Override
    int compareValues(long[] a, long[] b) {
        return BucketOrder.compare(a, b, this::representative, 0);
    }

    private String label(int bucket) {
        if (bucket == 0) {
            return "< " + underflowLimit;
        }
        if (bucket == lowerBounds.length + 1) {
            return ">= " + overflowLimit;
        }
        return Long.toString(lowerBounds[bucket - 1]);
    }

    @Override
    void appendValue(StringBuilder out, long[] state, long normal) {
        HistogramFormat.append(out, state, HistogramFormat.Rows.around(state, state.length, 0, 1), this::label,
                normal);
    }

    @Override
    void appendFormatted(StringBuilder out, PrintFormat.Conversion conversion, long[] state, long normal) {
        appendValue(out, state, normal);
    }

    @Override
    public String toString() {
        return "llquantize(" + factor + ", " + low + ", " + high + ", " + nsteps + ")";
    }
}
