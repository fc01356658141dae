package dev.cruciblesim.bench.compare;

/** What a row of the comparison says. */
public enum Verdict {
    /** Deterministic runs with equal values. */
    SAME("same"),
    /** Deterministic runs that differ, or samples significantly apart by at least the minimum effect. */
    CHANGED("changed"),
    /** Samples the U test does not tell apart at alpha: benchstat's {@code ~}. */
    NOT_SIGNIFICANT("not_significant"),
    /** Significant, but smaller than the minimum effect: not called a change. */
    UNDER_MIN_EFFECT("under_min_effect"),
    /** Samples too small for the U test ever to reach alpha: nothing can be said, least of all "no change". */
    TOO_FEW_RUNS("too_few_runs"),
    /** Only the new side has it. */
    ADDED("added"),
    /** Only the old side has it. */
    REMOVED("removed");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
