package dev.cruciblesim.sim.latency;

import java.util.Map;
import java.util.SplittableRandom;

/** Memoryless delays: the service time of a queue with Poisson completions. */
final class ExponentialLatencyModel implements LatencyModel {
    private final double meanNs;
    private final Map<String, Object> description;

    ExponentialLatencyModel(double meanNs) {
        this.meanNs = meanNs;
        this.description = Descriptions.of("exponential", "mean_ns", meanNs);
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        // nextDouble() is in [0, 1), so log1p(-u) is finite.
        return LatencyMath.toNs(-meanNs * StrictMath.log1p(-random.nextDouble()));
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
