package dev.cruciblesim.tracing.dtrace;

/**
 * lquantize(value, base, limit, step): bucket 0 below base, then levels = (limit - base) / step
 * buckets of width step, then one at or above base + levels × step (spec §4). The value is cut to
 * a signed 32-bit integer first, as DTrace does.
 */
final class LinearQuantizeFunction extends AggregationFunction {
    private final int base;
    private final int step;
    private final int levels;

    LinearQuantizeFunction(int base, int limit, int step) {
        if (step < 1 || step > 65535) {
            throw new IllegalArgumentException("lquantize step must be in 1..65535, got " + step);
        }
        long levels = ((long) limit - base) / step;
        if (levels < 1 || levels > 65535) {
            throw new IllegalArgumentException("lquantize(" + base + ", " + limit + ", " + step
                    + ") has " + levels + " levels; it needs 1..65535");
        }
        this.base = base;
        this.step = step;
        this.levels = (int) levels;
    }

    @Override
    public String name() {
        return "lquantize";
    }

    @Override
    int stateLength() {
        return levels + 2;
    }

    private long top() {
        return (long) base + (long) levels * step;
    }

    int bucket(long value) {
        long v = (int) value;
        if (v < base) {
            return 0;
        }
        if (v >= top()) {
            return levels + 1;
        }
        return (int) ((v - base) / step) + 1;
    }

    /** The value each bucket stands for when sorting (§6.1): one below base, lower bounds, one above the top. */
    private long representative(int bucket) {
        if (bucket == 0) {
            return (long) base - 1;
        }
        if (bucket == levels + 1) {
            return top() + 1;
        }
        return (long) base + (long) (bucket - 1) * step;
    }

    /** @return the bucket that stands for 0 (the sort's tie-break, §6.1), or -1 when no bucket does */
    private int zeroBucket() {
        for (int i = 0; i < stateLength(); i++) {
            if (representative(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    void update(long[] state, long value, long incr) {
        Cells.add(state, bucket(value), incr);
    }

    @Override
    void merge(long[] into, long[] from) {
        BucketOrder.merge(into, from);
    }

    @Override
    int compareValues(long[] a, long[] b) {
        return BucketOrder.compare(a, b, this::representative, zeroBucket());
    }

    private String label(int bucket) {
        if (bucket == 0) {
            return "< " + base;
        }
        if (bucket == levels + 1) {
            return ">= " + top();
        }
        return Long.toString(representative(bucket));
    }

    @Override
    void appendValue(StringBuilder out, long[] state, long normal) {
        HistogramFormat.append(out, state, HistogramFormat.Rows.around(state, state.length, 0, 2), this::label,
                normal);
    }

    @Override
    void appendFormatted(StringBuilder out, PrintFormat.Conversion conversion, long[] state, long normal) {
        appendValue(out, state, normal);
    }

    @Override
    public String toString() {
        return "lquantize(" + base + ", " + top() + ", " + step + ")";
    }
}
