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

    /** Models of one kind with one description draw alike: equal, as a value. */
    @Override
    public final boolean equals(Object other) {
        return other == this || other != null && other.getClass() == getClass()
                && description.equals(((DescribedLatencyModel) other).description);
    }

    @Override
    public final int hashCode() {
        return getClass().getName().hashCode() * 31 + description.hashCode();
    }

    @Override
    public String toString() {
        return description.toString();
    }
}
