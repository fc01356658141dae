package org.HdrHistogram;

import java.util.Arrays;

/**
 * crucible-sim's ranged versions of {@link AbstractHistogram#add} and {@link AbstractHistogram#reset}
 * for the interval histograms of value-recording aggregations. Every such histogram spans one hour
 * at 3 digits: 33,792 counts (270 KB), of which an interval of latencies touches a few thousand.
 * HdrHistogram's own add and reset walk all of them; these walk only the index range between the
 * histogram's tracked smallest and largest value, which holds every non-zero count. The results
 * are the same as HdrHistogram's, field for field: counts, total count, the tracked min and max,
 * time stamps and tag. This class lives in HdrHistogram's package because that range and the
 * counts array are package-private; anything but two plain, unshifted {@link Histogram}s of the
 * same shape takes HdrHistogram's own path.
 */
public final class IntervalHistograms {
    private IntervalHistograms() {
    }

    /** Exactly {@code into.add(from)}, walking only {@code from}'s recorded range. */
    public static void add(Histogram into, Histogram from) {
        if (!plain(into) || !plain(from) || into.bucketCount != from.bucketCount
                || into.subBucketCount != from.subBucketCount || into.unitMagnitude != from.unitMagnitude
                || into.countsArrayLength != from.countsArrayLength) {
            into.add(from);
            return;
        }
        long[] source = from.counts;
        long[] target = into.counts;
        long observed = 0;
        if (from.totalCount != 0) {
            int high = highIndex(from);
            // add() skips counts <= 0; adding max(count, 0) does the same without a branch per index.
            for (int i = lowIndex(from); i <= high; i++) {
                long count = Math.max(source[i], 0L);
                target[i] += count;
                observed += count;
            }
        }
        into.setTotalCount(into.getTotalCount() + observed);
        // As add(): updatedMaxValue(max(...)) and updateMinNonZeroValue(min(...)), single-threaded.
        long max = Math.max(into.getMaxValue(), from.getMaxValue()) | into.unitMagnitudeMask;
        if (max > into.maxValue) {
            into.maxValue = max;
        }
        long minNonZero = Math.min(into.getMinNonZeroValue(), from.getMinNonZeroValue());
        if (minNonZero > into.unitMagnitudeMask) {
            long lowest = minNonZero & ~into.unitMagnitudeMask;
            if (lowest < into.minNonZeroValue) {
                into.minNonZeroValue = lowest;
            }
        }
        into.setStartTimeStamp(Math.min(into.getStartTimeStamp(), from.getStartTimeStamp()));
        into.setEndTimeStamp(Math.max(into.getEndTimeStamp(), from.getEndTimeStamp()));
    }

    /** Exactly {@code histogram.reset()}, clearing only its recorded range. */
    public static void reset(Histogram histogram) {
        if (!plain(histogram)) {
            histogram.reset();
            return;
        }
        if (histogram.totalCount != 0) {
            Arrays.fill(histogram.counts, lowIndex(histogram), highIndex(histogram) + 1, 0L);
        }
        histogram.totalCount = 0;
        histogram.maxValue = histogram.unitMagnitudeMask; // resetMaxValue(0)
        histogram.minNonZeroValue = Long.MAX_VALUE; // resetMinNonZeroValue(Long.MAX_VALUE)
        histogram.startTimeStampMsec = Long.MAX_VALUE;
        histogram.endTimeStampMsec = 0;
        histogram.tag = null;
    }

    /** A Histogram itself (no subclass with other storage), never shifted, never resized. */
    private static boolean plain(Histogram histogram) {
        return histogram.getClass() == Histogram.class && histogram.normalizingIndexOffset == 0
                && !histogram.isAutoResize() && histogram.counts.length == histogram.countsArrayLength;
    }

    /** The index of the smallest recorded value: 0 if a zero was recorded. */
    private static int lowIndex(Histogram histogram) {
        long minNonZero = histogram.getMinNonZeroValue();
        if (histogram.counts[0] != 0 || minNonZero == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(0, Math.min(histogram.countsArrayIndex(minNonZero), histogram.countsArrayLength - 1));
    }

    /** The index of the largest recorded value. */
    private static int highIndex(Histogram histogram) {
        int index = histogram.countsArrayIndex(histogram.getMaxValue());
        return index < 0 || index >= histogram.countsArrayLength ? histogram.countsArrayLength - 1 : index;
    }
}
