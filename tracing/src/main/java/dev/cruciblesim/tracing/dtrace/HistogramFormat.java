package dev.cruciblesim.tracing.dtrace;

import java.util.function.IntFunction;

/**
 * Prints a bucket array as DTrace's ASCII histogram (spec §3.2 to §3.5): a 68-column header, then
 * one row per bucket from one below the first nonzero bucket to one above the last, interior zero
 * rows included. Shared by quantize, lquantize and llquantize, which differ only in labels and in
 * which rows an all-zero histogram shows ({@link Rows}).
 */
final class HistogramFormat {
    static final String HEADER =
            "           value  ------------- Distribution ------------- count    \n";

    private static final int FULL_BAR = 40;
    private static final int HALF_BAR = 20;

    private HistogramFormat() {
    }

    /**
     * The buckets one histogram prints, {@code from} to {@code to} inclusive.
     *
     * @param from the first printed bucket
     * @param to   the last printed bucket
     */
    record Rows(int from, int to) {
        /**
         * The ±1 rule (§3.2): one zero row before the first nonzero bucket and one after the last,
         * where there is room.
         *
         * @param scanEnd    where the search for the first nonzero bucket stops (exclusive):
         *                   quantize stops one short of its top bucket, so that a histogram whose
         *                   only data is at or above 2^62 prints as empty, as DTrace's does;
         *                   lquantize and llquantize scan every bucket
         * @param emptyFrom  the first row printed when no bucket before {@code scanEnd} is nonzero
         * @param emptyTo    the last row then
         */
        static Rows around(long[] buckets, int scanEnd, int emptyFrom, int emptyTo) {
            int first = 0;
            while (first < scanEnd && buckets[first] == 0) {
                first++;
            }
            if (first == scanEnd) {
                return new Rows(emptyFrom, emptyTo);
            }
            int last = buckets.length - 1;
            while (last > 0 && buckets[last] == 0) {
                last--;
            }
            return new Rows(first > 0 ? first - 1 : first, last < buckets.length - 1 ? last + 1 : last);
        }
    }

    /**
     * @param buckets merged counts
     * @param rows    which buckets to print
     * @param labels  the label text of a bucket
     * @param normal  {@code normalize()}'s factor, 1 if none: divides the printed counts but not
     *                the bars (§3.4), as an unsigned 64-bit divisor the way DTrace's C divides
     */
    static void append(StringBuilder out, long[] buckets, Rows rows, IntFunction<String> labels, long normal) {
        boolean positives = false;
        boolean negatives = false;
        double total = 0;
        for (int i = rows.from(); i <= rows.to(); i++) {
            positives |= buckets[i] > 0;
            negatives |= buckets[i] < 0;
            total += Math.abs((double) buckets[i]);
        }

        out.append('\n').append(HEADER);
        for (int i = rows.from(); i <= rows.to(); i++) {
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
            Columns.left(out, Long.toString(Normal.divide(count, normal)), 9);
            out.append('\n');
        }
    }

    /** Bar length, rounded half up as DTrace does; double is exact enough for any count we see. */
    private static int depth(long count, double total, int width) {
        return total == 0 ? 0 : (int) (Math.abs((double) count) * width / total + 0.5);
    }
}
