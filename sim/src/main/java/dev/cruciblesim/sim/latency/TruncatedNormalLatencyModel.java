package dev.cruciblesim.sim.latency;

import java.util.SplittableRandom;

/**
 * A normal distribution cut at zero by redrawing negative values. Redrawing, rather than clamping
 * to 0, avoids a spike of zero delays; because the mean is not negative at least half of the mass
 * is kept, so a sample takes at most two attempts on average.
 */
final class TruncatedNormalLatencyModel extends DescribedLatencyModel {
    private final double untruncatedMeanNs;
    private final double stddevNs;
    private final double meanNs;

    TruncatedNormalLatencyModel(double untruncatedMeanNs, double stddevNs) {
        super(Descriptions.of("normal", "mean_ns", untruncatedMeanNs, "stddev_ns", stddevNs));
        this.untruncatedMeanNs = untruncatedMeanNs;
        this.stddevNs = stddevNs;
        this.meanNs = truncatedMeanNs(untruncatedMeanNs, stddevNs);
    }

    /** The mean of N(mean, sd) conditioned on x >= 0: mean + sd * phi(a) / (1 - Phi(a)), a = -mean/sd. */
    static double truncatedMeanNs(double meanNs, double stddevNs) {
        if (stddevNs == 0.0) {
            return meanNs;
        }
        double a = -meanNs / stddevNs;
        return meanNs + stddevNs * LatencyMath.phi(a) / (1.0 - LatencyMath.bigPhi(a));
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        double delayNs;
        do {
            delayNs = untruncatedMeanNs + stddevNs * LatencyMath.standardNormal(random);
        } while (delayNs < 0.0);
        return LatencyMath.toNs(delayNs);
    }

    @Override
    public double meanNs() {
        return meanNs;
    }

    /** {@code mean_ns} and {@code stddev_ns} are the parameters before truncation, as given. */
}
