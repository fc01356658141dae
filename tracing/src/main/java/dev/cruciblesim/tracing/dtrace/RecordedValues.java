package dev.cruciblesim.tracing.dtrace;

import static dev.cruciblesim.tracing.stats.LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS;
import static dev.cruciblesim.tracing.stats.LatencyHistograms.SIGNIFICANT_DIGITS;

import dev.cruciblesim.tracing.stats.LatencyCounts;
import dev.cruciblesim.tracing.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The raw values behind one key of one shard of a value-recording aggregation: a histogram of
 * the values, handed to a sampler one interval at a time as {@link LatencyCounts}, plus exact
 * count, sum, min and max that quantize's power-of-two buckets cannot give back.
 *
 * <p>Created when a shard first sees a key, never per firing, in one of two modes fixed by
 * {@link Aggregation#enableValueRecording(boolean)}:
 * <ul>
 * <li>concurrent: only the shard's owner thread calls {@link #record}, while a sampler on another
 * thread takes intervals. The histogram is a {@link SingleWriterRecorder} (wait-free,
 * allocation-free recording; the sampler swaps its histograms without stopping the writer, and
 * copies the interval's into counts) and the exact stats are single-writer cells published with
 * release stores;
 * <li>single-threaded: the caller promises that recording, sampling and reading all happen on one
 * thread (or hand over with a happens-before edge, e.g. thread start and join). Values are
 * recorded straight into {@link LatencyCounts} and the stats are plain fields: no atomics, no
 * phaser, no fences, and a take hands the counts over without a copy.
 * </ul>
 *
 * <p>The histogram has {@link LatencyHistograms}' shape and holds values in
 * {@code [0, HIGHEST_TRACKABLE_VALUE_NS]}: larger values are clamped to the top and counted in
 * {@link #clampedCount}, negative ones are left out and counted in {@link #negativeCount}. The exact stats cover every value, so summed over all intervals
 * {@code histogram count + negativeCount == count}.
 */
public abstract class RecordedValues {
    private RecordedValues() {
    }

    /** @return new recorded values of the given mode; called once per shard and key */
    static RecordedValues create(boolean singleThreaded) {
        return singleThreaded ? new SingleThreaded() : new Concurrent();
    }

    /** @return whether this was created in single-threaded mode: no recorder, no atomics, plain fields */
    public abstract boolean isSingleThreaded();

    /**
     * Owner thread only. {@code incr} weights the value, as in {@code quantize(value, incr)};
     * {@code incr <= 0} is ignored. Allocates nothing.
     */
    abstract void record(long value, long incr);

    /**
     * Sampler only (one thread at a time): ends the current interval and hands over its values.
     * When nothing was recorded since the last take (or since creation) this is a counter check
     * that touches no counts and returns null. In concurrent mode it is safe while the owner
     * records: every value whose {@link #record} returned before this call is in the returned
     * counts or, if none are returned, was not a histogram value (negative). Allocates nothing
     * once a {@link #recycle} has given counts back.
     *
     * @return the interval's values, never empty, now owned by the caller; or null if the interval
     *         holds no histogram value. Give them back with {@link #recycle} if they are not kept,
     *         so the next take need not allocate.
     */
    public abstract LatencyCounts takeInterval();

    /**
     * Sampler only: gives back counts that {@link #takeInterval} of this same object returned and
     * the caller no longer uses; a later take reuses them instead of allocating. Optional. Empties
     * them at once, which costs what they hold: best called right after the caller's last pass.
     *
     * @throws IllegalArgumentException if {@code counts} are this object's live counts (given back twice)
     */
    public abstract void recycle(LatencyCounts counts);

    /** @return the sum of the weights of every value recorded, negative and clamped ones included */
    public abstract long count();

    /** @return the exact weighted sum of the values (wraps on overflow, past 2^63) */
    public abstract long sum();

    /** @return the smallest value, or {@link Long#MAX_VALUE} while {@link #count()} is 0 */
    public abstract long min();

    /** @return the largest value, unclamped, or {@link Long#MIN_VALUE} while {@link #count()} is 0 */
    public abstract long max();

    /** @return the weight of the values above {@link LatencyHistograms#HIGHEST_TRACKABLE_VALUE_NS}, recorded in the histogram at the top */
    public abstract long clampedCount();

    /** @return the weight of the negative values, which the histogram leaves out */
    public abstract long negativeCount();

    /** Probes on several threads, each recording only into its own shard's values, and a sampler on another. */
    private static final class Concurrent extends RecordedValues {
        private static final int COUNT = 0;
        private static final int SUM = 1;
        private static final int MIN = 2;
        private static final int MAX = 3;
        private static final int CLAMPED = 4;
        private static final int NEGATIVE = 5;

        private final SingleWriterRecorder recorder = new SingleWriterRecorder(HIGHEST_TRACKABLE_VALUE_NS,
                SIGNIFICANT_DIGITS);
        private final long[] stats = {0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0, 0};
        /** Sampler-owned: {@link #count()} as read by the last take, before it swapped the histograms. */
        private long countAtLastTake;
        /** Sampler-owned: the recorder's histogram from the last swap, handed back to it on the next. */
        private Histogram recorderSpare;
        /** Sampler-owned: counts given back by {@link #recycle}, already reset, or null. */
        private LatencyCounts recycled;

        @Override
        public boolean isSingleThreaded() {
            return false;
        }

        @Override
        void record(long value, long incr) {
            if (incr <= 0) {
                return;
            }
            long[] s = stats;
            if (value < 0) {
                Cells.add(s, NEGATIVE, incr);
            } else if (value > HIGHEST_TRACKABLE_VALUE_NS) {
                Cells.add(s, CLAMPED, incr);
                recorder.recordValueWithCount(HIGHEST_TRACKABLE_VALUE_NS, incr);
            } else {
                recorder.recordValueWithCount(value, incr);
            }
            Cells.add(s, SUM, value * incr);
            if (value < s[MIN]) {
                Cells.set(s, MIN, value);
            }
            if (value > s[MAX]) {
                Cells.set(s, MAX, value);
            }
            // Last, and released: a sampler that reads this count also sees the value in the recorder,
            // so it may skip a take only when no value at all came since its last one.
            Cells.add(s, COUNT, incr);
        }

        @Override
        public LatencyCounts takeInterval() {
            // Read before the swap: a value counted after this read is either in this take or
            // changes the count that the next take compares with, so none can be left behind.
            long count = count();
            if (count == countAtLastTake) {
                return null;
            }
            Histogram taken = recorder.getIntervalHistogram(recorderSpare);
            recorderSpare = taken;
            countAtLastTake = count;
            if (taken.getTotalCount() == 0) {
                return null; // only negative values since the last take
            }
            LatencyCounts counts = recycled; // empty: reset when given back
            recycled = null;
            if (counts == null) {
                counts = new LatencyCounts();
            }
            counts.add(taken);
            return counts;
        }

        @Override
        public void recycle(LatencyCounts counts) {
            counts.reset(); // now, while the caller's last pass over them has them in cache
            recycled = counts;
        }

        @Override
        public long count() {
            return Cells.get(stats, COUNT);
        }

        @Override
        public long sum() {
            return Cells.get(stats, SUM);
        }

        @Override
        public long min() {
            return Cells.get(stats, MIN);
        }

        @Override
        public long max() {
            return Cells.get(stats, MAX);
        }

        @Override
        public long clampedCount() {
            return Cells.get(stats, CLAMPED);
        }

        @Override
        public long negativeCount() {
            return Cells.get(stats, NEGATIVE);
        }
    }

    /** Recording, sampling and reading on one thread: plain counts and plain fields. */
    private static final class SingleThreaded extends RecordedValues {
        /** How many values wait to be recorded into the counts together. */
        private static final int PENDING = 256;
        /** Records the current interval; a take hands it over whole and puts empty counts in its place. */
        private LatencyCounts live = new LatencyCounts();
        /** Histogram values of weight 1 not yet in {@link #live}; {@link #takeInterval} records them first. */
        private final long[] pending = new long[PENDING];
        private int pendingCount;
        /** Counts given back by {@link #recycle}, already reset, or null. */
        private LatencyCounts spare;
        private long count;
        private long sum;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;
        private long clamped;
        private long negative;

        @Override
        public boolean isSingleThreaded() {
            return true;
        }

        @Override
        void record(long value, long incr) {
            if (incr <= 0) {
                return;
            }
            count += incr;
            sum += value * incr;
            if (value < min) {
                min = value;
            }
            if (value > max) {
                max = value;
            }
            long recorded = value;
            if (value < 0) {
                negative += incr;
                return;
            } else if (value > HIGHEST_TRACKABLE_VALUE_NS) {
                clamped += incr;
                recorded = HIGHEST_TRACKABLE_VALUE_NS;
            }
            if (incr == 1) {
                int n = pendingCount;
                pending[n] = recorded;
                pendingCount = ++n;
                if (n == PENDING) {
                    flush();
                }
            } else {
                live.recordValueWithCount(recorded, incr);
            }
        }

        /**
         * Records the pending values into the live counts. The counts are 270 KB and each value
         * lands on a cold line of them; one after another in a tight loop, the CPU overlaps those
         * misses, where one per firing it waits for each.
         */
        private void flush() {
            LatencyCounts counts = live;
            long[] values = pending;
            int n = pendingCount;
            for (int i = 0; i < n; i++) {
                counts.recordValue(values[i]);
            }
            pendingCount = 0;
        }

        /** Hands over the live counts themselves: no copy, no add pass; the next interval records into the spare. */
        @Override
        public LatencyCounts takeInterval() {
            flush();
            LatencyCounts taken = live;
            if (taken.totalCount() == 0) {
                return null;
            }
            LatencyCounts next = spare; // empty: reset when given back
            if (next == null) {
                next = new LatencyCounts();
            } else {
                spare = null;
            }
            live = next;
            return taken;
        }

        /**
         * Resets the counts now rather than at the next take: the caller has just written them, so
         * the counts a reset clears are in cache now, and would not be an interval later.
         */
        @Override
        public void recycle(LatencyCounts counts) {
            if (counts == live) {
                throw new IllegalArgumentException("these counts are recording the current interval: given back twice?");
            }
            counts.reset();
            spare = counts;
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public long sum() {
            return sum;
        }

        @Override
        public long min() {
            return min;
        }

        @Override
        public long max() {
            return max;
        }

        @Override
        public long clampedCount() {
            return clamped;
        }

        @Override
        public long negativeCount() {
            return negative;
        }
    }
}
