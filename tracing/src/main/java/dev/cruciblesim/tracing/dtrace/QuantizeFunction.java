package dev.cruciblesim.tracing.dtrace;

/**
 * quantize: 127 power-of-two buckets (spec §3.1). Bucket 63 holds 0; 64 + k holds [2^k, 2^(k+1));
 * 62 - k holds (-2^(k+1), -2^k]; values at or below -2^62 land in bucket 0 and values at or above
 * 2^62 in bucket 126.
 */
final class QuantizeFunction extends AggregationFunction {
    static final QuantizeFunction INSTANCE = new QuantizeFunction();
    static final int BUCKETS = 127;
    static final int ZERO_BUCKET = 63;

    private QuantizeFunction() {
    }

    @Override
    public String name() {
        return "quantize";
    }

    @Override
    int stateLength() {
        return BUCKETS;
    }

    static int bucket(long value) {
        if (value == 0) {
            return ZERO_BUCKET;
        }
        if (value > 0) {
            return ZERO_BUCKET + 64 - Long.numberOfLeadingZeros(value);
        }
        if (value == Long.MIN_VALUE) {
            return 0;
        }
        // |value| in [2^k, 2^(k+1)) goes to 62 - k; k = 62 for everything at or below -2^62.
        return ZERO_BUCKET - 64 + Long.numberOfLeadingZeros(-value);
    }

    static long label(int bucket) {
        if (bucket == ZERO_BUCKET) {
            return 0;
        }
        return bucket > ZERO_BUCKET ? 1L << (bucket - ZERO_BUCKET - 1) : -(1L << (ZERO_BUCKET - 1 - bucket));
    }

    @Override
    void update(long[] state, long value, long incr) {
        Cells.add(state, bucket(value), incr);
    }

    @Override
    void merge(long[] into, long[] from) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += from[i];
        }
    }

    /** Σ label × count in floating point, as DTrace sorts histograms (its long double; double on arm64 macOS). */
    static double weightedSum(long[] state) {
        double sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            sum += (double) label(i) * (double) state[i];
        }
        return sum;
    }

    @Override
    int compareValues(long[] a, long[] b) {
        double sa = weightedSum(a);
        double sb = weightedSum(b);
        if (sa < sb) {
            return -1;
        }
        if (sa > sb) {
            return 1;
        }
        return Long.compare(a[ZERO_BUCKET], b[ZERO_BUCKET]);
    }

    @Override
    void appendValue(StringBuilder out, long[] state, long normal) {
        // The search for data stops short of the top bucket, so data only there prints as empty (DTrace does so).
        HistogramFormat.Rows rows = HistogramFormat.Rows.around(state, BUCKETS - 1, ZERO_BUCKET - 1, ZERO_BUCKET + 1);
        HistogramFormat.append(out, state, rows, bucket -> Long.toString(label(bucket)), normal);
    }

    @Override
    void appendFormatted(StringBuilder out, PrintFormat.Conversion conversion, long[] state, long normal) {
        appendValue(out, state, normal);
    }
}
