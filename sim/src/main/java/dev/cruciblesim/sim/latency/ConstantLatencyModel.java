package dev.cruciblesim.sim.latency;

import java.util.SplittableRandom;

/** The same delay every time; draws nothing, so swapping it in leaves the stream untouched. */
final class ConstantLatencyModel extends DescribedLatencyModel {
    private final long delayNs;

    ConstantLatencyModel(long delayNs) {
        super(Descriptions.of("constant", "delay_ns", delayNs));
        this.delayNs = delayNs;
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        return delayNs;
    }

    @Override
    public double meanNs() {
        return delayNs;
    }
}
