package dev.cruciblesim.tracing.stats;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * The counts of a latency histogram of {@link LatencyHistograms}' shape, in an array of
 * crucible-sim's own, with a bitmap of the indexes that hold a non-zero count. Reset, add, encode
 * ({@link EncodableLatencyCounts}) and {@link #toHistogram} visit only those indexes, plus one bit
 * test per 64 indexes of the recorded range, where HdrHistogram's {@link Histogram#reset} and
 * {@link Histogram#add} walk all 33,792 counts (270 KB) whatever they hold. So interval sampling
 * (take, add into the run's total, reset, encode) costs what the interval recorded: an interval
 * of ten values touches ten counts, not the few thousand between its smallest and largest value
 * (which a walk of the recorded range, the previous way, read and wrote several times per
 * interval). Only a summary makes a {@link Histogram} ({@link #toHistogram}); an .hlog line is
 * encoded from the counts themselves by {@link EncodableLatencyCounts}.
 *
 * <p>What was rejected: ranged add and reset on {@link Histogram} itself, which need its
 * package-private counts and min/max (crucible-sim had a class in {@code org.HdrHistogram} for
 * that; it broke on any change inside the library and under JPMS); a subclass, which cannot reach
 * them either; and HdrHistogram's public API alone, which resets the tracked min and max only by
 * clearing every count, and reads counts only value by value. A list of touched indexes instead of
 * the bitmap would need deduplicating and sorting before encoding, and grows with the values
 * rather than the buckets.
 *
 * <p>The layout is HdrHistogram's for lowest discernible value 1: index {@code i} holds the values
 * equivalent to {@link #valueAt(int) valueAt(i)}. HdrHistogram's V2 encoding writes its counts in
 * that index order, so the layout cannot change without a new encoding. A histogram made from these
 * counts equals, field for field and byte for byte when encoded, one that recorded the same values
 * itself: the same counts and total, and the same min and max, since HdrHistogram reports those
 * as the lowest and highest value equivalent to what was recorded ({@code LatencyCountsTest}).
 *
 * <p>Values are in [0, {@link LatencyHistograms#HIGHEST_TRACKABLE_VALUE_NS}] (up to its highest
 * equivalent value, 2^42 - 1 ns, as for the histogram); the caller clamps. Not thread-safe.
 * Allocation: the counts (270 KB) and the bitmap (4 KB) at construction, nothing after, except by
 * {@link #toHistogram}.
 */
public final class LatencyCounts {
    /** Lowest discernible value 1 ns, so no unit shift. */
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = subBucketHalfCountMagnitude();
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    private static final long SUB_BUCKET_MASK = 2L * SUB_BUCKET_HALF_COUNT - 1;
    private static final int LEADING_ZERO_COUNT_BASE = 64 - SUB_BUCKET_HALF_COUNT_MAGNITUDE - 1;
    /** 33,792 for one hour at 3 digits. */
    static final int LENGTH = (bucketCount() + 1) * SUB_BUCKET_HALF_COUNT;

    /** 528: one bit per count. */
    static final int WORDS = (LENGTH + Long.SIZE - 1) / Long.SIZE;

    private final long[] counts = new long[LENGTH];
    /**
     * Bit {@code i % 64} of word {@code i / 64} is set exactly when {@code counts[i] != 0}: counts
     * only ever grow from 0 (recording and adding add positive amounts) until a reset clears both.
     */
    private final long[] nonZero = new long[WORDS];
    private long totalCount;
    /** The index of the smallest recorded value, or {@link Integer#MAX_VALUE} while empty. */
    private int lowIndex = Integer.MAX_VALUE;
    /** The index of the largest recorded value, or -1 while empty. */
    private int highIndex = -1;

    /** Records one value; allocates nothing. */
    public void recordValue(long valueNs) {
        int index = index(valueNs);
        counts[index]++;
        nonZero[index >>> 6] |= 1L << index; // a shift of a long takes the low 6 bits of index
        totalCount++;
        track(index);
    }

    /**
     * Records {@code count} equal values; a count of 0 records nothing (a Histogram would still
     * move its min and max).
     *
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public void recordValueWithCount(long valueNs, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count + " for " + valueNs + " ns");
        }
        if (count > 0) {
            int index = index(valueNs);
            counts[index] += count;
            nonZero[index >>> 6] |= 1L << index;
            totalCount += count;
            track(index);
        }
    }

    /** @return how many values were recorded */
    public long totalCount() {
        return totalCount;
    }

    /** Adds {@code other}'s counts, visiting only its non-zero ones. */
    public void add(LatencyCounts other) {
        if (other.totalCount == 0) {
            return;
        }
        long[] source = other.counts;
        long[] target = counts;
        long[] sourceBits = other.nonZero;
        long[] targetBits = nonZero;
        int lastWord = other.highIndex >>> 6;
        for (int word = other.lowIndex >>> 6; word <= lastWord; word++) {
            long bits = sourceBits[word];
            if (bits == 0) {
                continue;
            }
            targetBits[word] |= bits;
            int base = word << 6;
            if (bits == -1L) {
                // A full word, as the dense middle of a busy interval is: a plain loop the JIT can vectorize.
                for (int i = base; i < base + Long.SIZE; i++) {
                    target[i] += source[i];
                }
            } else {
                do {
                    int i = base + Long.numberOfTrailingZeros(bits);
                    target[i] += source[i];
                    bits &= bits - 1;
                } while (bits != 0);
            }
        }
        totalCount += other.totalCount;
        track(other.lowIndex);
        track(other.highIndex);
    }

    /**
     * Adds a histogram's counts, such as a recorder's interval histogram, reading them value by
     * value (HdrHistogram gives nothing faster) from its smallest to its largest recorded value.
     *
     * @throws IllegalArgumentException if {@code other} is not of {@link LatencyHistograms}' shape
     */
    public void add(Histogram other) {
        if (other.getLowestDiscernibleValue() != 1
                || other.getHighestTrackableValue() != LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS
                || other.getNumberOfSignificantValueDigits() != LatencyHistograms.SIGNIFICANT_DIGITS) {
            throw new IllegalArgumentException("not a histogram of LatencyHistograms' shape: " + other);
        }
        if (other.getTotalCount() == 0) {
            return;
        }
        long maxNs = other.getMaxValue();
        for (long valueNs = other.getMinValue(); valueNs <= maxNs; valueNs = other.nextNonEquivalentValue(valueNs)) {
            recordValueWithCount(valueNs, other.getCountAtValue(valueNs));
        }
    }

    /** Empties these counts, clearing only the non-zero ones. */
    public void reset() {
        if (highIndex >= 0) {
            long[] c = counts;
            long[] bits = nonZero;
            int lastWord = highIndex >>> 6;
            for (int word = lowIndex >>> 6; word <= lastWord; word++) {
                long set = bits[word];
                if (set == 0) {
                    continue;
                }
                bits[word] = 0;
                int base = word << 6;
                if (set == -1L) {
                    Arrays.fill(c, base, base + Long.SIZE, 0L);
                } else {
                    do {
                        c[base + Long.numberOfTrailingZeros(set)] = 0;
                        set &= set - 1;
                    } while (set != 0);
                }
            }
        }
        totalCount = 0;
        lowIndex = Integer.MAX_VALUE;
        highIndex = -1;
    }

    /** @return a new histogram of {@link LatencyHistograms}' shape holding these counts, time stamps and tag unset */
    public Histogram toHistogram() {
        Histogram histogram = LatencyHistograms.newHistogram();
        for (int i = nextNonZero(0); i >= 0; i = nextNonZero(i + 1)) {
            histogram.recordValueWithCount(valueAt(i), counts[i]);
        }
        return histogram;
    }

    /**
     * @return the smallest index at or after {@code fromIndex} whose count is not zero, or -1 if
     *         there is none: one bit test per 64 indexes skipped
     */
    int nextNonZero(int fromIndex) {
        if (fromIndex > highIndex) {
            return -1;
        }
        int from = Math.max(fromIndex, lowIndex);
        int word = from >>> 6;
        long bits = nonZero[word] & (-1L << from);
        int lastWord = highIndex >>> 6;
        while (bits == 0) {
            if (++word > lastWord) {
                return -1;
            }
            bits = nonZero[word];
        }
        return (word << 6) + Long.numberOfTrailingZeros(bits);
    }

    /** @return how many counts are not zero: one bit count per 64 indexes of the recorded range */
    int nonZeroCount() {
        int nonZeroCounts = 0;
        if (highIndex >= 0) {
            int lastWord = highIndex >>> 6;
            for (int word = lowIndex >>> 6; word <= lastWord; word++) {
                nonZeroCounts += Long.bitCount(nonZero[word]);
            }
        }
        return nonZeroCounts;
    }

    /** For {@link EncodableLatencyCounts}, which only reads them: the counts themselves, not a copy. */
    long[] counts() {
        return counts;
    }

    /** @return the index of the largest recorded value, or -1 while empty */
    int highIndex() {
        return highIndex;
    }

    private void track(int index) {
        if (index < lowIndex) {
            lowIndex = index;
        }
        if (index > highIndex) {
            highIndex = index;
        }
    }

    /** HdrHistogram's countsArrayIndex: the bucket is the value's binary order of magnitude, the sub-bucket its top bits. */
    static int index(long valueNs) {
        int bucketIndex = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(valueNs | SUB_BUCKET_MASK);
        int subBucketIndex = (int) (valueNs >>> bucketIndex);
        return (bucketIndex << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + subBucketIndex;
    }

    /** HdrHistogram's valueFromIndex: the lowest value that {@link #index} maps to {@code index}. */
    static long valueAt(int index) {
        int bucketIndex = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int subBucketIndex = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucketIndex < 0) {
            subBucketIndex -= SUB_BUCKET_HALF_COUNT;
            bucketIndex = 0;
        }
        return (long) subBucketIndex << bucketIndex;
    }

    /** HdrHistogram's highestEquivalentValue of {@link #valueAt(int) valueAt(index)}: index 2,048 and up hold 2, 4, 8 ... values each. */
    static long highestValueAt(int index) {
        int bucketIndex = Math.max((index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1, 0);
        return valueAt(index) + (1L << bucketIndex) - 1;
    }

    /** 10 for 3 digits: sub-buckets must hold 2 * 10^digits values at unit resolution (2,048 of them). */
    private static int subBucketHalfCountMagnitude() {
        long largestValueWithSingleUnitResolution = 2 * (long) Math.pow(10, LatencyHistograms.SIGNIFICANT_DIGITS);
        int subBucketCountMagnitude = 64 - Long.numberOfLeadingZeros(largestValueWithSingleUnitResolution - 1);
        return Math.max(subBucketCountMagnitude, 1) - 1;
    }

    /** 32 for one hour: each bucket doubles the range, from 2,048 ns up past the highest trackable value. */
    private static int bucketCount() {
        long smallestUntrackableValue = 2L * SUB_BUCKET_HALF_COUNT;
        int buckets = 1;
        while (smallestUntrackableValue <= LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS) {
            smallestUntrackableValue <<= 1;
            buckets++;
        }
        return buckets;
    }
}
