package dev.cruciblesim.bench.compare;

import java.util.Optional;

/** What is compared of one metric. The names are those the selectors of {@code --fail-on} use. */
public enum Statistic {
    COUNT("count"),
    P50("p50"),
    P90("p90"),
    P99("p99"),
    P99_9("p99.9"),
    MAX("max"),
    MEAN("mean"),
    IOPS("iops"),
    SCORE("score");

    private final String label;

    Statistic(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Whether a change of this statistic is better or worse: never for a count (more IOs is neither), else
     * as its metric says.
     */
    public boolean directional() {
        return this != COUNT;
    }

    public static Optional<Statistic> byLabel(String label) {
        for (Statistic statistic : values()) {
            if (statistic.label.equals(label)) {
                return Optional.of(statistic);
            }
        }
        return Optional.empty();
    }
}
