package dev.cruciblesim.bench.compare;

/**
 * One statistic of one metric, both sides.
 *
 * @param oldSide    null when the metric is only new
 * @param newSide    null when the metric is only old
 * @param changePct  (new - old) / old in percent of the centers; null for added or removed rows, or from 0
 * @param p          the U test's p-value; null for deterministic runs, too few runs, added or removed rows
 * @param worse      whether a change goes the bad way (higher latency, lower throughput); false for counts
 */
public record Row(Metric metric, Statistic statistic, Observation oldSide, Observation newSide, Double changePct,
        Double p, Verdict verdict, boolean worse) {
    /** @return the sample sizes as benchstat writes them: "n=8+8" */
    public String sizes() {
        int oldN = oldSide == null ? 0 : oldSide.n();
        int newN = newSide == null ? 0 : newSide.n();
        return "n=" + oldN + "+" + newN;
    }

    /** The U test said the sides differ (whatever the size of the change). */
    public boolean significant() {
        return verdict == Verdict.CHANGED || verdict == Verdict.UNDER_MIN_EFFECT;
    }
}
