package dev.cruciblesim.sim.latency;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * exp(ln(median) + sigma * Z): the usual shape of storage and network latencies, a firm floor and
 * a long right tail. Described by median and sigma however it was built, so that two scenarios
 * that specify the same distribution differently print the same description.
 */
final class LogNormalLatencyModel implements LatencyModel {
    private final double medianNs;
    private final double mu;
    private final double sigma;
    private final double meanNs;
    private final Map<String, Object> description;

    LogNormalLatencyModel(double medianNs, double sigma) {
        this.medianNs = medianNs;
        this.mu = StrictMath.log(medianNs);
        this.sigma = sigma;
        this.meanNs = medianNs * StrictMath.exp(0.5 * sigma * sigma);
        this.description = Descriptions.of("lognormal", "median_ns", medianNs, "sigma", sigma);
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

    @Override
    public Map<String, Object> describe() {
        return description;
    }

    @Override
    public String toString() {
        return description.toString();
    }
}
