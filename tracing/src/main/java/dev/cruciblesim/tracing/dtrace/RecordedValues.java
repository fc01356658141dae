package dev.cruciblesim.tracing.dtrace;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The raw values behind one key of one shard of a value-recording aggregation: an HdrHistogram
 * recorder, so a sampler can take interval histograms while the owner keeps firing, plus exact
 * count, sum, min and max that quantize's power-of-two buckets cannot give back.
 *
 * <p>Created when a shard first sees a key, never per firing. Only the shard's owner thread calls
 * {@link #record}: the recorder is a {@link SingleWriterRecorder} (wait-free, allocation-free
 * recording) and the exact stats are single-writer cells published with release stores. The
 * histogram holds values in {@code [0, HIGHEST_TRACKABLE_VALUE_NS]}: larger values are clamped to
 * the top and counted in {@link #clampedCount}, negative ones are left out and counted in
 * {@link #negativeCount}. The exact stats cover every value, so
 * {@code histogram count + negativeCount == count}.
 */
public final class RecordedValues {
    /** One hour: the fixed top of every value histogram, so histograms of all metrics can be added up. */
    public static final long HIGHEST_TRACKABLE_VALUE_NS = 3_600_000_000_000L;
    /** HdrHistogram precision: values are kept to 3 significant decimal digits (0.1 %). */
    public static final int SIGNIFICANT_DIGITS = 3;

    private static final int COUNT = 0;
    private static final int SUM = 1;
    private static final int MIN = 2;
    private static final int MAX = 3;
    private static final int CLAMPED = 4;
    private static final int NEGATIVE = 5;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(HIGHEST_TRACKABLE_VALUE_NS,
            SIGNIFICANT_DIGITS);
    private final long[] stats = {0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0, 0};

    RecordedValues() {
    }

    /** @return an empty histogram with the range and precision of every recorder, to add interval histograms into */
    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_VALUE_NS, SIGNIFICANT_DIGITS);
    }

    /** Owner thread only. {@code incr} weights the value, as in {@code quantize(value, incr)}; {@code incr <= 0} is ignored. */
    void record(long value, long incr) {
        if (incr <= 0) {
            return;
        }
        long[] s = stats;
        Cells.add(s, COUNT, incr);
        Cells.add(s, SUM, value * incr);
        if (value < s[MIN]) {
            Cells.set(s, MIN, value);
        }
        if (value > s[MAX]) {
            Cells.set(s, MAX, value);
        }
        if (value < 0) {
            Cells.add(s, NEGATIVE, incr);
        } else if (value > HIGHEST_TRACKABLE_VALUE_NS) {
            Cells.add(s, CLAMPED, incr);
            recorder.recordValueWithCount(HIGHEST_TRACKABLE_VALUE_NS, incr);
        } else {
            recorder.recordValueWithCount(value, incr);
        }
    }

    /**
     * Sampler thread only: replaces {@code target}'s counts with the values recorded since the last
     * call (or since creation) and starts a new interval; safe while the owner records.
     *
     * @param target a histogram from {@link #newHistogram()}
     */
    public void takeIntervalInto(Histogram target) {
        recorder.getIntervalHistogramInto(target);
    }

    /** @return the sum of the weights of every value recorded, negative and clamped ones included */
    public long count() {
        return Cells.get(stats, COUNT);
    }

    /** @return the exact weighted sum of the values (wraps on overflow, past 2^63) */
    public long sum() {
        return Cells.get(stats, SUM);
    }

    /** @return the smallest value, or {@link Long#MAX_VALUE} while {@link #count()} is 0 */
    public long min() {
        return Cells.get(stats, MIN);
    }

    /** @return the largest value, unclamped, or {@link Long#MIN_VALUE} while {@link #count()} is 0 */
    public long max() {
        return Cells.get(stats, MAX);
    }

    /** @return the weight of the values above {@link #HIGHEST_TRACKABLE_VALUE_NS}, recorded in the histogram at the top */
    public long clampedCount() {
        return Cells.get(stats, CLAMPED);
    }

    /** @return the weight of the negative values, which the histogram leaves out */
    public long negativeCount() {
        return Cells.get(stats, NEGATIVE);
    }
}
