package dev.cruciblesim.sim.latency;

import java.util.SplittableRandom;

/** Whole nanoseconds in [min, max), drawn as integers so that no rounding skews the ends. */
final class UniformLatencyModel extends DescribedLatencyModel {
    private final long minNs;
    private final long spanNs;
    private final double meanNs;

    UniformLatencyModel(long minNs, long maxNs) {
        super(Descriptions.of("uniform", "min_ns", minNs, "max_ns", maxNs));
        this.minNs = minNs;
        this.spanNs = maxNs - minNs;
        // The mean of the integers min..max-1, not (min+max)/2: max itself is never drawn.
        this.meanNs = spanNs == 0 ? minNs : minNs + (spanNs - 1) / 2.0;
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        return spanNs == 0 ? minNs : minNs + random.nextLong(spanNs);
    }

    @Override
    public double meanNs() {
        return meanNs;
    }
}
