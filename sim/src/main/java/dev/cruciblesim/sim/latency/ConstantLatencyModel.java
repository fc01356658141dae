package dev.cruciblesim.sim.latency;

import java.util.Map;
import java.util.SplittableRandom;

/** The same delay every time; draws nothing, so swapping it in leaves the stream untouched. */
final class ConstantLatencyModel implements LatencyModel {
    private final long delayNs;
    private final Map<String, Object> description;

    ConstantLatencyModel(long delayNs) {
        this.delayNs = delayNs;
        this.description = Descriptions.of("constant", "delay_ns", delayNs);
    }

    @Override
    public long sampleNs(SplittableRandom random) {
        return delayNs;
    }

    @Override
    public double meanNs() {
        return delayNs;
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
