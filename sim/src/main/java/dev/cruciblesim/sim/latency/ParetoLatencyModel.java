package dev.cruciblesim.sim.latency;

import java.util.SplittableRandom;

/**
 * Pareto type I, scale * U^(-1/shape): a power-law tail for stalls. With shape <= 1 the mean is
 * infinite and sample means never settle; draws are capped at {@link LatencyModels#MAX_DELAY_NS}.
 */
final class ParetoLatencyModel extends DescribedLatencyModel {
    private final double scaleNs;
    private final double negativeInverseShape;
    private final double meanNs;

    ParetoLatencyModel(double scaleNs, double shape) {
        super(Descriptions.of("pareto", "scale_ns", scaleNs, "shape", shape));
        this.scaleNs = scaleNs;
        this.negativeInverseShape = -1.0 / shape;
        this.meanNs = shape > 1.0 ? shape * scaleNs / (shape - 1.0) : Double.POSITIVE_INFINITY;
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        // (1 - u)^(-1/shape) with 1 - u in (0, 1], so the smallest draw is exactly the scale.
        // Written as exp(log) because JDK 17's StrictMath.pow allocates about 96 bytes a call.
        double u = random.nextDouble();
        return LatencyMath.toNs(scaleNs * StrictMath.exp(negativeInverseShape * StrictMath.log1p(-u)));
    }

    @Override
    public double meanNs() {
        return meanNs;
    }
}
