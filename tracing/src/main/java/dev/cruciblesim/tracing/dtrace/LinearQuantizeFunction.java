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

    private long zeroCount(long[] state) {
        for (int i = 0; i < state.length; i++) {
            if (representative(i) == 0) {
                return state[i];
            }
        }
        return 0;
    }

    @Override
    void update(long[] state, long value, long incr) {
        Cells.add(state, bucket(value), incr);
    }

    @Override
    void merge(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    @Override
    int compareValues(long[] a, long[] b) {
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < a.length; i++) {
            sa += (double) a[i] * representative(i);
            sb += (double) b[i] * representative(i);
        }
        if (sa < sb) {
            return -1;
        }
        if (sa > sb) {
            return 1;
        }
        return Long.compare(zeroCount(a), zeroCount(b));
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
