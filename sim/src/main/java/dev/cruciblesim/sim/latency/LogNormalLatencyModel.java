package dev.cruciblesim.sim.latency;

import java.util.SplittableRandom;

/**
 * exp(ln(median) + sigma * Z): the usual shape of storage and network latencies, a firm floor and
 * a long right tail. Described by median and sigma however it was built, so that two scenarios
 * that specify the same distribution differently print the same description.
 */
final class LogNormalLatencyModel extends DescribedLatencyModel {
    private final double medianNs;
    private final double mu;
    private final double sigma;
    private final double meanNs;

    LogNormalLatencyModel(double medianNs, double sigma) {
        super(Descriptions.of("lognormal", "median_ns", medianNs, "sigma", sigma));
        this.medianNs = medianNs;
        this.mu = StrictMath.log(medianNs);
        this.sigma = sigma;
        this.meanNs = medianNs * StrictMath.exp(0.5 * sigma * sigma);
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        return LatencyMath.toNs(StrictMath.exp(mu + sigma * LatencyMath.standardNormal(random)));
    }

    @Override
    public double meanNs() {
        return meanNs;
    }

    double medianNs() {
        return medianNs;
    }
}
