package dev.cruciblesim.sim.latency;

import java.util.Map;

/** What every model kind shares: its canonical description, which is also its printed form. */
abstract class DescribedLatencyModel implements LatencyModel {
    private final Map<String, Object> description;

    /** @param description read-only, from {@link Descriptions} */
    DescribedLatencyModel(Map<String, Object> description) {
        this.description = description;
    }

    @Override
    public final Map<String, Object> describe() {
        return description;
    }

    @Override
    public String toString() {
        return description.toString();
    }
}
