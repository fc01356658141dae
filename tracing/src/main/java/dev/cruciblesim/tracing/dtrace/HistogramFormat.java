package dev.cruciblesim.tracing.dtrace;

import java.util.function.IntFunction;

/**
 * Prints a bucket array as DTrace's ASCII histogram (spec §3.2 to §3.5): a 68-column header, then
 * one row per bucket from one below the first nonzero bucket to one above the last, interior zero
 * rows included. Shared by quantize and lquantize, which differ only in labels.
 */
final class HistogramFormat {
    static final String HEADER =
            "           value  ------------- Distribution ------------- count    \n";

    private static final int FULL_BAR = 40;
    private static final int HALF_BAR = 20;

    private HistogramFormat() {
    }

    /**
     * @param buckets      merged counts
     * @param allZeroFirst the first of the three buckets printed when every count is zero
     * @param labels       the label text of a bucket
     */
    static void append(StringBuilder out, long[] buckets, int allZeroFirst, IntFunction<String> labels) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != 0) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        int from;
        int to;
        if (first < 0) {
            from = allZeroFirst;
            to = allZeroFirst + 2;
        } else {
            from = first > 0 ? first - 1 : first;
            to = last < buckets.length - 1 ? last + 1 : last;
        }
        boolean positives = false;
        boolean negatives = false;
        double total = 0;
        for (int i = from; i <= to; i++) {
            positives |= buckets[i] > 0;
            negatives |= buckets[i] < 0;
            total += Math.abs((double) buckets[i]);
        }

        out.append('\n').append(HEADER);
        for (int i = from; i <= to; i++) {
            long count = buckets[i];
            Columns.right(out, labels.apply(i), 16);
            out.append(' ');
            if (positives && negatives) {
                int depth = depth(count, total, HALF_BAR);
                if (count <= 0) {
                    Columns.spaces(out, HALF_BAR - depth);
                    Columns.repeat(out, '@', depth);
                    out.append('|');
                    Columns.spaces(out, HALF_BAR);
                } else {
                    Columns.spaces(out, HALF_BAR);
                    out.append('|');
                    Columns.repeat(out, '@', depth);
                    Columns.spaces(out, HALF_BAR - depth);
                }
            } else if (negatives) {
                int depth = depth(count, total, FULL_BAR);
                Columns.spaces(out, FULL_BAR - depth);
                Columns.repeat(out, '@', depth);
                out.append('|');
            } else {
                int depth = depth(count, total, FULL_BAR);
                out.append('|');
                Columns.repeat(out, '@', depth);
                Columns.spaces(out, FULL_BAR - depth);
            }
            out.append(' ');
            Columns.left(out, Long.toString(count), 9);
            out.append('\n');
        }
    }

    /** Bar length, rounded half up as DTrace does; double is exact enough for any count we see. */
    private static int depth(long count, double total, int width) {
        return total == 0 ? 0 : (int) (Math.abs((double) count) * width / total + 0.5);
    }
}
