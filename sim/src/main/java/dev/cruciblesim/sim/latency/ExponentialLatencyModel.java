package dev.cruciblesim.sim.latency;

import java.util.SplittableRandom;

/** Memoryless delays: the service time of a queue with Poisson completions. */
final class ExponentialLatencyModel extends DescribedLatencyModel {
    private final double meanNs;

    ExponentialLatencyModel(double meanNs) {
        super(Descriptions.of("exponential", "mean_ns", meanNs));
        this.meanNs = meanNs;
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        return LatencyMath.toNs(meanNs * LatencyMath.standardExponential(random));
    }

    @Override
    public double meanNs() {
        return meanNs;
    }
}
