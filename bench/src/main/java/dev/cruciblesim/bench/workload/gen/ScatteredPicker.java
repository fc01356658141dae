package dev.cruciblesim.bench.workload.gen;

import java.util.SplittableRandom;

/** A skewed picker: draws a rank (0 the most likely) and places it with a {@link Scatter}. */
abstract sealed class ScatteredPicker implements RangePicker permits ZipfPicker, ParetoPicker, NormalPicker {
    private final RandomDistribution distribution;
    /** The range count; subclasses draw ranks in {@code [0, n)}. */
    final long n;
    private final Scatter scatter;

    ScatteredPicker(RandomDistribution distribution, long rangeCount, long anchor) {
        this.distribution = distribution;
        this.n = rangeCount;
        this.scatter = new Scatter(rangeCount, anchor);
    }

    /** @return the next rank, in {@code [0, n)}; only called when {@code n > 1} */
    abstract long nextRank(SplittableRandom random);

    /** @return the probability of ranks {@code 0 .. topRanks-1}, for {@code 0 < topRanks < n} */
    abstract double shareOfRanksBelow(long topRanks);

    @Override
    public final RandomDistribution distribution() {
        return distribution;
    }

    @Override
    public final long rangeCount() {
        return n;
    }

    @Override
    public final long next(SplittableRandom random) {
        return n == 1 ? 0 : scatter.rangeOf(nextRank(random));
    }

    @Override
    public final long rankOf(long rangeIndex) {
        checkIndex("range", rangeIndex, n);
        return scatter.rankOf(rangeIndex);
    }

    @Override
    public final long rangeOfRank(long rank) {
        checkIndex("rank", rank, n);
        return scatter.rangeOf(rank);
    }

    @Override
    public final double shareOfTopRanks(long topRanks) {
        checkTopRanks(topRanks, n);
        if (topRanks == 0) {
            return 0;
        }
        if (topRanks == n) {
            return 1;
        }
        return shareOfRanksBelow(topRanks);
    }

    @Override
    public final String toString() {
        return distribution.describe() + " over " + n + " ranges";
    }

    static void checkIndex(String what, long index, long count) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(what + " must be in [0, " + count + "), got " + index);
        }
    }

    static void checkTopRanks(long topRanks, long count) {
        if (topRanks < 0 || topRanks > count) {
            throw new IllegalArgumentException("top ranks must be in [0, " + count + "], got " + topRanks);
        }
    }
}
