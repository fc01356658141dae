package dev.cruciblesim.tracing.dtrace;

import java.util.function.IntToLongFunction;

/**
 * What the bucketed histograms ({@code lquantize}, {@code llquantize}) share: their per-key state is one count per
 * bucket, shards merge by adding counts, and two records sort by Σ count × the value each bucket stands for, in
 * floating point as DTrace sorts them (§6.1), ties going to the count of one bucket.
 */
final class BucketOrder {
    private BucketOrder() {
    }

    static void merge(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    /**
     * @param representative the value bucket {@code i} stands for when sorting
     * @param tieBucket      the bucket whose counts break a tie of the sums, or -1 for none (then 0)
     */
    static int compare(long[] a, long[] b, IntToLongFunction representative, int tieBucket) {
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < a.length; i++) {
            long value = representative.applyAsLong(i);
            sa += (double) a[i] * value;
            sb += (double) b[i] * value;
        }
        if (sa < sb) {
            return -1;
        }
        if (sa > sb) {
            return 1;
        }
        return tieBucket < 0 ? 0 : Long.compare(a[tieBucket], b[tieBucket]);
    }
}
