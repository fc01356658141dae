package dev.cruciblesim.sim.latency;

import java.util.Map;
import java.util.SplittableRandom;

/** Whole nanoseconds in [min, max), drawn as integers so that no rounding skews the ends. */
final class UniformLatencyModel implements LatencyModel {
    private final long minNs;
    private final long spanNs;
    private final double meanNs;
    private final Map<String, Object> description;

    UniformLatencyModel(long minNs, long maxNs) {
        this.minNs = minNs;
        this.spanNs = maxNs - minNs;
        // The mean of the integers min..max-1, not (min+max)/2: max itself is never drawn.
        this.meanNs = spanNs == 0 ? minNs : minNs + (spanNs - 1) / 2.0;
        this.description = Descriptions.of("uniform", "min_ns", minNs, "max_ns", maxNs);
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        return spanNs == 0 ? minNs : minNs + random.nextLong(spanNs);
    }

    @Override
    public double meanNs() {
        return meanNs;
    }

    @Override
    public Map<String, Object> describe() {
        return description;
    }

    @Override
    public String toString() {
        return description.toString();
    }
}
