package dev.cruciblesim.bench.workload.gen;

import java.util.SplittableRandom;

/** fio's {@code random}: every range equally likely, so ranks are the ranges themselves. */
final class UniformPicker implements RangePicker {
    private final RandomDistribution distribution;
    private final long rangeCount;

    UniformPicker(RandomDistribution distribution, long rangeCount) {
        this.distribution = distribution;
        this.rangeCount = rangeCount;
    }

    @Override
    public RandomDistribution distribution() {
        return distribution;
    }

    @Override
    public long rangeCount() {
        return rangeCount;
    }

    @Override
    public long next(SplittableRandom random) {
        // SplittableRandom's bounded draw rejects the biased tail, so every range is exactly equally likely.
        return rangeCount == 1 ? 0 : random.nextLong(rangeCount);
    }

    @Override
    public long rankOf(long rangeIndex) {
        ScatteredPicker.checkIndex("range", rangeIndex, rangeCount);
        return rangeIndex;
    }

    @Override
    public long rangeOfRank(long rank) {
        ScatteredPicker.checkIndex("rank", rank, rangeCount);
        return rank;
    }

    @Override
    public double shareOfTopRanks(long topRanks) {
        ScatteredPicker.checkTopRanks(topRanks, rangeCount);
        return (double) topRanks / rangeCount;
    }

    @Override
    public String toString() {
        return distribution.describe() + " over " + rangeCount + " ranges";
    }
}
